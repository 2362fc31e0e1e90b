//! Shell-like splitting of one command line: whitespace separates words, '…' keeps everything
//! literally, "…" keeps spaces and honours \" and \\, a backslash outside quotes escapes the next
//! character. An unclosed quote is an error (bash would wait for more input).

/// Splits `line` into words, or names what is wrong with it.
pub fn tokenize(line: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(x) => cur.push(x),
                        None => return Err("unexpected EOF while looking for matching `''".into()),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(x @ ('"' | '\\' | '$' | '`')) => cur.push(x),
                            Some(x) => {
                                cur.push('\\');
                                cur.push(x);
                            }
                            None => return Err("unexpected EOF while looking for matching `\"'".into()),
                        },
                        Some(x) => cur.push(x),
                        None => return Err("unexpected EOF while looking for matching `\"'".into()),
                    }
                }
            }
            '\\' => {
                in_word = true;
                if let Some(x) = chars.next() {
                    cur.push(x);
                }
            }
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            c => {
                in_word = true;
                cur.push(c);
            }
        }
    }
    if in_word {
        words.push(cur);
    }
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::tokenize;

    #[test]
    fn words_quotes_and_escapes() {
        assert_eq!(tokenize("  a  b\tc ").unwrap(), vec!["a", "b", "c"]);
        assert_eq!(tokenize(r#"--property "key.separator=:" 'a b' x\ y"#).unwrap(), vec!["--property", "key.separator=:", "a b", "x y"]);
        assert_eq!(tokenize(r#""say \"hi\"" '' "#).unwrap(), vec![r#"say "hi""#, ""]);
        assert!(tokenize("'open").unwrap_err().contains("matching"));
        assert!(tokenize("\"open").is_err());
    }
}
