//! Sheets out: a list as CSV or XLSX, text that a spreadsheet would take
//! for a formula kept as text.

use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};

use crate::error::AppError;
use crate::i18n::Lang;

/// A cell of an exported sheet.
#[derive(Clone, Debug)]
pub enum Cell {
    Text(String),
    Int(i64),
    /// A figure with decimals, written as a number a spreadsheet can sum.
    Number(f64),
    Empty,
}

impl From<String> for Cell {
    fn from(s: String) -> Self {
        Cell::Text(s)
    }
}

impl From<&str> for Cell {
    fn from(s: &str) -> Self {
        Cell::Text(s.to_owned())
    }
}

impl From<i64> for Cell {
    fn from(n: i64) -> Self {
        Cell::Int(n)
    }
}

impl<T: Into<Cell>> From<Option<T>> for Cell {
    fn from(v: Option<T>) -> Self {
        v.map_or(Cell::Empty, Into::into)
    }
}

/// The export formats, as the const parameter of the lists' `export` handlers.
pub const CSV: bool = false;
pub const XLSX: bool = true;

/// A table to export: CSV headers are the import column names (so a file
/// exported can be imported back); XLSX headers are translated.
pub struct Sheet {
    pub name: &'static str,
    /// (column name, catalogue key of its title)
    pub columns: &'static [(&'static str, &'static str)],
    pub rows: Vec<Vec<Cell>>,
}

impl Sheet {
    /// The file to download: XLSX when `xlsx`, CSV otherwise.
    pub fn download(&self, xlsx: bool, lang: Lang) -> Result<Response, AppError> {
        if xlsx { self.xlsx(lang) } else { self.csv() }
    }

    pub fn csv(&self) -> Result<Response, AppError> {
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer
            .write_record(self.columns.iter().map(|(name, _)| *name))
            .map_err(AppError::internal)?;
        for row in &self.rows {
            let cells = row.iter().map(|c| match c {
                Cell::Text(t) => formula_safe(t),
                Cell::Int(n) => n.to_string(),
                Cell::Number(n) => n.to_string(),
                Cell::Empty => String::new(),
            });
            writer.write_record(cells).map_err(AppError::internal)?;
        }
        let bytes = writer.into_inner().map_err(AppError::internal)?;
        Ok(download(
            bytes,
            "text/csv; charset=utf-8",
            &format!("{}.csv", self.name),
        ))
    }

    pub fn xlsx(&self, lang: Lang) -> Result<Response, AppError> {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        let bold = rust_xlsxwriter::Format::new().set_bold();
        for (col, (_, title)) in self.columns.iter().enumerate() {
            sheet
                .write_string_with_format(0, col as u16, lang.t(title), &bold)
                .map_err(AppError::internal)?;
        }
        for (r, row) in self.rows.iter().enumerate() {
            let r = r as u32 + 1;
            for (c, cell) in row.iter().enumerate() {
                let c = c as u16;
                match cell {
                    Cell::Text(t) => sheet.write_string(r, c, t).map(|_| ()),
                    Cell::Int(n) => sheet.write_number(r, c, *n as f64).map(|_| ()),
                    Cell::Number(n) => sheet.write_number(r, c, *n).map(|_| ()),
                    Cell::Empty => Ok(()),
                }
                .map_err(AppError::internal)?;
            }
        }
        let bytes = book.save_to_buffer().map_err(AppError::internal)?;
        Ok(download(
            bytes,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            &format!("{}.xlsx", self.name),
        ))
    }
}

/// A text cell as a spreadsheet will not run it: one that begins like a
/// formula (`=`, `+`, `-`, `@`, or a tab or carriage return before them)
/// gets a leading apostrophe, as OWASP advises. XLSX cells are written as
/// strings and need nothing.
fn formula_safe(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

/// A file to save, named `file`.
pub fn download(bytes: Vec<u8>, kind: &str, file: &str) -> Response {
    (
        [
            (CONTENT_TYPE, kind.to_owned()),
            (CONTENT_DISPOSITION, format!("attachment; filename=\"{file}\"")),
        ],
        bytes,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exported_text_that_looks_like_a_formula_is_not_one() {
        let sheet = Sheet {
            name: "people",
            columns: &[("name", "people.name"), ("count", "people.count")],
            rows: vec![
                vec![Cell::from("=HYPERLINK(\"http://evil.example\",\"x\")"), Cell::Int(-3)],
                vec![Cell::from("+33 1 02"), Cell::Empty],
                vec![Cell::from("-2+3"), Cell::Empty],
                vec![Cell::from("@SUM(A1)"), Cell::Empty],
                vec![Cell::from("\t=1"), Cell::Empty],
                vec![Cell::from("Jean-Marie Dupont"), Cell::Empty],
            ],
        };
        let response = sheet.csv().unwrap();
        let body = futures_body(response);
        let mut reader = csv::Reader::from_reader(body.as_bytes());
        let names: Vec<String> = reader.records().map(|r| r.unwrap()[0].to_owned()).collect();
        assert_eq!(
            names,
            [
                "'=HYPERLINK(\"http://evil.example\",\"x\")",
                "'+33 1 02",
                "'-2+3",
                "'@SUM(A1)",
                "'\t=1",
                "Jean-Marie Dupont"
            ]
        );
        // Numbers stay numbers.
        assert!(body.contains(",-3\n"), "{body}");
    }

    fn futures_body(response: Response) -> String {
        let bytes = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(axum::body::to_bytes(response.into_body(), usize::MAX))
            .unwrap();
        String::from_utf8(bytes.to_vec()).unwrap()
    }
}
