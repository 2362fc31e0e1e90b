//! Korean particles after numbers. Sentences are written with the particle for a word ending in a
//! vowel (가/를/는/와/로); after a number the spoken last syllable decides (1 → 일, so "1이", "1을",
//! "1로"; 2 → 이, so "2가"; 0 → 영, so "0으로").

/// The batchim (final consonant) of a digit as read in Sino-Korean, `None` for no batchim.
/// Only ㄹ matters separately (it takes 로, not 으로).
fn digit_batchim(d: char, is_round: bool) -> Option<char> {
    match d {
        // 10, 100, 1000… end in 십/백/천 (all with a batchim other than ㄹ); a lone 0 is 영.
        '0' if is_round => Some('ㅂ'),
        '0' => Some('ㅇ'),
        '1' | '7' | '8' => Some('ㄹ'),
        '3' => Some('ㅁ'),
        '6' => Some('ㄱ'),
        _ => None,
    }
}

/// Rewrites vowel-form particles that follow a number (optionally closed by `]` or `)`).
pub fn fix_particles(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        let particle = matches!(c, '가' | '를' | '는' | '와' | '로');
        let ends_word = chars.get(i + 1).is_none_or(|n| !('가'..='힣').contains(n));
        let mut j = i;
        while j > 0 && matches!(chars[j - 1], ']' | ')') {
            j -= 1;
        }
        let prev_digit = j > 0 && chars[j - 1].is_ascii_digit();
        if particle && ends_word && prev_digit {
            let d = chars[j - 1];
            let round = d == '0' && j > 1 && chars[j - 2].is_ascii_digit();
            let batchim = digit_batchim(d, round);
            let fixed = match (c, batchim) {
                (_, None) => c.to_string(),
                ('가', Some(_)) => "이".to_string(),
                ('를', Some(_)) => "을".to_string(),
                ('는', Some(_)) => "은".to_string(),
                ('와', Some(_)) => "과".to_string(),
                ('로', Some('ㄹ')) => "로".to_string(),
                ('로', Some(_)) => "으로".to_string(),
                _ => c.to_string(),
            };
            out.push_str(&fixed);
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::fix_particles;

    #[test]
    fn particles_follow_the_spoken_number() {
        assert_eq!(fix_particles("브로커 1가 죽습니다."), "브로커 1이 죽습니다.");
        assert_eq!(fix_particles("브로커 2가 리더입니다."), "브로커 2가 리더입니다.");
        assert_eq!(fix_particles("브로커 3를 펜싱합니다"), "브로커 3을 펜싱합니다");
        assert_eq!(fix_particles("epoch 0로 기록"), "epoch 0으로 기록");
        assert_eq!(fix_particles("offset 1로 응답"), "offset 1로 응답");
        assert_eq!(fix_particles("0 → 10로 올라갑니다"), "0 → 10으로 올라갑니다");
        assert_eq!(fix_particles("[1]가 빠져"), "[1]이 빠져");
        assert_eq!(fix_particles("orders-0를 따라잡아"), "orders-0을 따라잡아");
        // Not a particle: part of a longer word, or after a non-number.
        assert_eq!(fix_particles("3가지 이유"), "3가지 이유");
        assert_eq!(fix_particles("컨트롤러가 선출합니다"), "컨트롤러가 선출합니다");
    }
}
