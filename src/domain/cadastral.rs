use super::FieldError;

/// A cadastral number `NN:NN:NNNNNN(N):N…` (Amur oblast's start with `28:`).
pub fn parse_cadastral_number(raw: &str) -> Result<String, FieldError> {
    let value = raw.trim();
    if super::patterns::CADASTRAL_NUMBER.matches(raw) {
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
