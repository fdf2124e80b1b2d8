use super::FieldError;

/// A cadastral number `NN:NN:NNNNNN(N):N…` (Amur oblast's start with `28:`).
pub fn parse_cadastral_number(raw: &str) -> Result<String, FieldError> {
    let value = raw.trim();
    let parts: Vec<&str> = value.split(':').collect();
    let digits = |part: &str, lengths: std::ops::RangeInclusive<usize>| {
        lengths.contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit())
    };
    let ok = super::patterns::CADASTRAL_NUMBER.matches(raw)
        && parts.len() == 4
        && digits(parts[0], 2..=2)
        && digits(parts[1], 2..=2)
        && digits(parts[2], 6..=7)
        && digits(parts[3], 1..=7);
    if ok {
        Ok(value.to_owned())
    } else {
        Err(FieldError::new(
            "invalid_cadastral_number",
            "Кадастровый номер в виде NN:NN:NNNNNNN:NNN",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_usual_shapes() {
        assert!(parse_cadastral_number("28:01:0130123:456").is_ok());
        assert!(parse_cadastral_number("28:01:013012:4").is_ok());
        assert!(parse_cadastral_number("28:01:0130123").is_err());
        assert!(parse_cadastral_number("28-01-0130123-456").is_err());
    }
}
