//! URL-safe base64 without padding (RFC 4648 §5): the alphabet of a shared link's payload.
//! Hand-written so the codec needs no extra crate; decoding never panics.

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

pub fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let chars = chunk.len() + 1; // 1 byte → 2 chars, 2 → 3, 3 → 4
        for i in 0..chars {
            out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

fn value_of(c: u8) -> Option<u32> {
    Some(match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'-' => 62,
        b'_' => 63,
        _ => return None,
    } as u32)
}

/// The bytes, or the 0-based index of the first character that is not base64url (or the
/// length, when the text is cut off mid-byte).
pub fn decode(text: &str) -> Result<Vec<u8>, usize> {
    let raw = text.as_bytes();
    if raw.len() % 4 == 1 {
        return Err(raw.len());
    }
    let mut out = Vec::with_capacity(raw.len() / 4 * 3 + 2);
    for (ci, chunk) in raw.chunks(4).enumerate() {
        let mut n = 0u32;
        for (i, c) in chunk.iter().enumerate() {
            n |= value_of(*c).ok_or(ci * 4 + i)? << (18 - 6 * i);
        }
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..chunk.len() - 1]);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc4648_vectors_without_padding() {
        for (plain, coded) in [("", ""), ("f", "Zg"), ("fo", "Zm8"), ("foo", "Zm9v"), ("foob", "Zm9vYg"), ("fooba", "Zm9vYmE"), ("foobar", "Zm9vYmFy")] {
            assert_eq!(encode(plain.as_bytes()), coded);
            assert_eq!(decode(coded).unwrap(), plain.as_bytes());
        }
        assert_eq!(encode(&[0xfb, 0xff]), "-_8");
    }

    #[test]
    fn bad_text_names_the_position() {
        assert_eq!(decode("Zm9v*g"), Err(4));
        assert_eq!(decode("Zm9vY"), Err(5));
        assert_eq!(decode("Zm=v"), Err(2));
    }
}
