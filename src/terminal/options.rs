//! Command-line options the way Kafka's tools read them (jopt-simple): `--name value` or
//! `--name=value`, a unique abbreviation of a long name is accepted, words that are not options
//! are kept aside. Errors carry jopt-simple's exception class and message.

/// One option a tool accepts: its long name and whether it takes an argument.
pub type OptSpec = (&'static str, bool);

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OptError {
    /// The Java exception class, e.g. `joptsimple.UnrecognizedOptionException`.
    pub class: &'static str,
    pub message: String,
}

impl OptError {
    fn unrecognized(name: &str) -> Self {
        // jopt-simple UnrecognizedOptionException: the option name without dashes.
        OptError { class: "joptsimple.UnrecognizedOptionException", message: format!("{name} is not a recognized option") }
    }
    fn missing_argument(name: &str) -> Self {
        OptError { class: "joptsimple.OptionMissingRequiredArgumentException", message: format!("Option {name} requires an argument") }
    }
    pub fn conversion(name: &str, value: &str) -> Self {
        OptError { class: "joptsimple.OptionArgumentConversionException", message: format!("Cannot parse argument '{value}' of option {name}") }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Parsed {
    /// Options in the order given, with their argument.
    pub opts: Vec<(&'static str, Option<String>)>,
    /// Words that are not options (Kafka's tools ignore them).
    pub positional: Vec<String>,
}

impl Parsed {
    pub fn has(&self, name: &str) -> bool {
        self.opts.iter().any(|(n, _)| *n == name)
    }
    /// The first value given for `name` (jopt-simple `valueOf`).
    pub fn value(&self, name: &str) -> Option<&str> {
        self.opts.iter().find(|(n, _)| *n == name).and_then(|(_, v)| v.as_deref())
    }
    /// Every value given for `name` (jopt-simple `valuesOf`).
    pub fn values(&self, name: &str) -> Vec<&str> {
        self.opts.iter().filter(|(n, _)| *n == name).filter_map(|(_, v)| v.as_deref()).collect()
    }
    /// An integer argument (`ofType(Integer.class)`).
    pub fn int(&self, name: &str) -> Result<Option<i64>, OptError> {
        match self.value(name) {
            None => Ok(None),
            Some(v) => v.trim().parse::<i32>().map(|x| Some(x as i64)).map_err(|_| OptError::conversion(name, v)),
        }
    }
}

/// Finds the spec `name` refers to: an exact name, or the only name it abbreviates.
fn resolve(specs: &[OptSpec], name: &str) -> Option<OptSpec> {
    if let Some(s) = specs.iter().find(|(n, _)| *n == name) {
        return Some(*s);
    }
    let mut candidates = specs.iter().filter(|(n, _)| !name.is_empty() && n.starts_with(name));
    match (candidates.next(), candidates.next()) {
        (Some(s), None) => Some(*s),
        _ => None,
    }
}

pub fn parse(specs: &[OptSpec], args: &[String]) -> Result<Parsed, OptError> {
    let mut out = Parsed::default();
    let mut i = 0;
    while i < args.len() {
        let arg = &args[i];
        i += 1;
        if arg == "--" {
            out.positional.extend(args[i..].iter().cloned());
            break;
        }
        let Some(body) = arg.strip_prefix("--").or_else(|| arg.strip_prefix('-').filter(|b| !b.is_empty())) else {
            out.positional.push(arg.clone());
            continue;
        };
        let (name, inline) = match body.split_once('=') {
            Some((n, v)) => (n, Some(v.to_string())),
            None => (body, None),
        };
        let Some((full, takes_arg)) = resolve(specs, name) else {
            return Err(OptError::unrecognized(name));
        };
        let value = if takes_arg {
            match inline {
                Some(v) => Some(v),
                None if i < args.len() => {
                    i += 1;
                    Some(args[i - 1].clone())
                }
                None => return Err(OptError::missing_argument(full)),
            }
        } else {
            None
        };
        out.opts.push((full, value));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPECS: &[OptSpec] = &[("bootstrap-server", true), ("describe", false), ("delete", false), ("topic", true)];

    fn args(s: &str) -> Vec<String> {
        s.split_whitespace().map(String::from).collect()
    }

    #[test]
    fn values_abbreviations_and_errors() {
        let p = parse(SPECS, &args("--bootstrap localhost:9092 --desc --topic=orders extra")).unwrap();
        assert_eq!(p.value("bootstrap-server"), Some("localhost:9092"));
        assert!(p.has("describe") && !p.has("delete"));
        assert_eq!(p.value("topic"), Some("orders"));
        assert_eq!(p.positional, vec!["extra"]);
        assert_eq!(parse(SPECS, &args("--de")).unwrap_err().message, "de is not a recognized option");
        assert_eq!(parse(SPECS, &args("--zookeeper x")).unwrap_err().message, "zookeeper is not a recognized option");
        assert_eq!(parse(SPECS, &args("--topic")).unwrap_err().message, "Option topic requires an argument");
    }
}
