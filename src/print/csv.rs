//! CSV as Excel in a Russian locale opens it: UTF-8 with a byte order mark,
//! `;` between fields, CRLF line ends, quoting by the `csv` crate. A cell
//! that a spreadsheet would run as a formula is defused, since residents
//! type the addresses and names an officer later opens in Excel.

use std::borrow::Cow;

/// Makes Excel read the file as UTF-8 Cyrillic.
const BOM: &str = "\u{feff}";

/// What makes a spreadsheet read a cell as a formula (or, for tab and CR,
/// lets a formula hide behind whitespace it trims).
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A sheet being written, record by record, into memory.
pub struct CsvSheet {
    writer: csv::Writer<Vec<u8>>,
    failed: Option<csv::Error>,
}

/// The sheet could not be written: only a bug can cause it, since it is
/// written into memory from text.
#[derive(Debug)]
pub struct CsvError(pub String);

impl std::fmt::Display for CsvError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "cannot write CSV: {}", self.0)
    }
}

impl CsvSheet {
    /// A sheet whose first record is `header`.
    pub fn new<S: AsRef<str>>(header: &[S]) -> Self {
        let mut buffer = Vec::with_capacity(64 * 1024);
        buffer.extend_from_slice(BOM.as_bytes());
        let writer = csv::WriterBuilder::new()
            .delimiter(b';')
            .terminator(csv::Terminator::CRLF)
            .flexible(true)
            .from_writer(buffer);
        let mut sheet = Self {
            writer,
            failed: None,
        };
        sheet.push(header);
        sheet
    }

    /// Appends one record, each cell defused.
    pub fn push<S: AsRef<str>>(&mut self, fields: &[S]) {
        if self.failed.is_some() {
            return;
        }
        let cells = fields.iter().map(|f| defuse(f.as_ref()).into_owned());
        if let Err(error) = self.writer.write_record(cells) {
            self.failed = Some(error);
        }
    }

    /// The whole file.
    pub fn finish(self) -> Result<String, CsvError> {
        if let Some(error) = self.failed {
            return Err(CsvError(error.to_string()));
        }
        let bytes = self
            .writer
            .into_inner()
            .map_err(|e| CsvError(e.to_string()))?;
        String::from_utf8(bytes).map_err(|e| CsvError(e.to_string()))
    }
}

/// The cell as a spreadsheet shows it and never runs it: text that starts
/// like a formula gets a leading apostrophe, which Excel and LibreOffice
/// read as "this is text". A plain number (`-5`, `-12,5`) cannot be a
/// formula and is left as it is, so figures stay figures.
pub fn defuse(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(FORMULA_STARTS) && !is_plain_number(cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

fn is_plain_number(cell: &str) -> bool {
    let digits = cell.strip_prefix(['-', '+']).unwrap_or(cell);
    let mut separators = 0;
    let mut any_digit = false;
    for ch in digits.chars() {
        match ch {
            '0'..='9' => any_digit = true,
            '.' | ',' => separators += 1,
            _ => return false,
        }
    }
    any_digit && separators <= 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_formula_start_is_defused_and_numbers_are_not() {
        for start in FORMULA_STARTS {
            let cell = format!("{start}HYPERLINK(\"http://evil\";\"x\")");
            assert_eq!(defuse(&cell), format!("'{cell}"), "{start:?}");
        }
        assert_eq!(defuse("-5"), "-5");
        assert_eq!(defuse("-12,5"), "-12,5");
        assert_eq!(defuse("+7"), "+7");
        assert_eq!(defuse("-1+1"), "'-1+1");
        assert_eq!(defuse("-"), "'-");
        assert_eq!(defuse("ул. Ленина, 1"), "ул. Ленина, 1");
    }

    #[test]
    fn the_sheet_quotes_separators_and_defuses_every_cell() {
        let mut sheet = CsvSheet::new(&["a", "b"]);
        sheet.push(&["=1+1", "x;y \"q\"\nz"]);
        sheet.push(&["@SUM(A1)"]);
        let text = sheet.finish().expect("written");
        assert_eq!(
            text,
            "\u{feff}a;b\r\n'=1+1;\"x;y \"\"q\"\"\nz\"\r\n'@SUM(A1)\r\n"
        );
    }
}
