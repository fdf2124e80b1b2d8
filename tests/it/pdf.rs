//! Reading generated PDFs back in tests: pages counted with lopdf, text
//! extracted with pdf-extract, so plain `cargo test` needs no system tool.
//! With `RELIEF_PDF_SAMPLES` set, documents are also written there for
//! `.ci/run` to check with poppler's `pdftotext` and render with `pdftoppm`.

pub struct Pdf {
    pub pages: Vec<String>,
}

/// Text without any whitespace: a name wrapped over two lines of a cell
/// still reads as one string.
pub fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

impl Pdf {
    pub fn parse(bytes: &[u8]) -> Pdf {
        assert!(bytes.starts_with(b"%PDF-"), "not a PDF");
        let doc = lopdf::Document::load_mem(bytes).expect("the PDF opens");
        let count = doc.get_pages().len();
        let pages = pdf_extract::extract_text_from_mem_by_pages(bytes).expect("text extracts");
        assert_eq!(
            pages.len(),
            count,
            "pdf-extract and lopdf disagree on pages"
        );
        Pdf { pages }
    }

    pub fn text(&self) -> String {
        self.pages.concat()
    }

    /// How often `needle` occurs, whitespace ignored on both sides.
    pub fn count(&self, needle: &str) -> usize {
        squeeze(&self.text()).matches(&squeeze(needle)).count()
    }

    /// The pages on which `needle` occurs (numbered from 1).
    pub fn pages_with(&self, needle: &str) -> Vec<usize> {
        let needle = squeeze(needle);
        self.pages
            .iter()
            .enumerate()
            .filter(|(_, page)| squeeze(page).contains(&needle))
            .map(|(index, _)| index + 1)
            .collect()
    }

    /// Every page says «Лист N из M» with its own number and the total.
    pub fn assert_numbered(&self) {
        let total = self.pages.len();
        for (index, page) in self.pages.iter().enumerate() {
            let mark = squeeze(&format!("Лист {} из {total}", index + 1));
            assert!(
                squeeze(page).contains(&mark),
                "page {} lacks {mark}",
                index + 1
            );
        }
    }
}

/// Keeps `bytes` as `<name>.pdf`, with the strings a reader must find in
/// it one a line in `<name>.expected`, when `RELIEF_PDF_SAMPLES` names a
/// directory.
pub fn keep_sample(name: &str, bytes: &[u8], expected: &[String]) {
    let Ok(dir) = std::env::var("RELIEF_PDF_SAMPLES") else {
        return;
    };
    let dir = std::path::Path::new(&dir);
    std::fs::create_dir_all(dir).expect("samples directory");
    std::fs::write(dir.join(format!("{name}.pdf")), bytes).expect("write sample");
    std::fs::write(
        dir.join(format!("{name}.expected")),
        expected.join("\n") + "\n",
    )
    .expect("write expected text");
}
