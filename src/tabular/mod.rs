//! Spreadsheets in and out: CSV import (as French spreadsheets export it:
//! UTF-8 with or without BOM, comma or semicolon) and CSV/XLSX export.

mod export;

pub use export::*;

use std::sync::Arc;

use crate::i18n::Lang;

/// One data row of a CSV file: its line number and its values, in the
/// order of the header that every row shares (a map per row weighed tens
/// of megabytes in a 100,000-line file).
#[derive(Clone, Debug)]
pub struct Record {
    pub line: u64,
    headers: Arc<[String]>,
    values: Vec<String>,
}

impl Record {
    /// How many lines of the file the record took (a quoted value may
    /// hold line breaks).
    pub fn lines(&self) -> u64 {
        1 + self
            .values
            .iter()
            .map(|v| line_breaks(v.as_bytes()).count() as u64)
            .sum::<u64>()
    }

    /// The trimmed value of a column, empty when absent.
    pub fn get(&self, column: &str) -> &str {
        self.headers
            .iter()
            .position(|h| h == column)
            .and_then(|i| self.values.get(i))
            .map_or("", |v| v.trim())
    }
}

/// A problem with one row, reported with its line and column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowError {
    pub line: u64,
    pub column: String,
    pub message: &'static str,
    /// What fills the message's `{}`, in order (counts, a column's name).
    pub values: Vec<String>,
}

impl RowError {
    pub fn new(record: &Record, column: &str, message: &'static str) -> Self {
        Self::at(record.line, column, message)
    }

    /// A problem on a line of the file, before any record is made of it.
    pub fn at(line: u64, column: &str, message: &'static str) -> Self {
        Self {
            line,
            column: column.to_owned(),
            message,
            values: Vec::new(),
        }
    }

    fn with(mut self, values: &[&dyn std::fmt::Display]) -> Self {
        self.values = values.iter().map(ToString::to_string).collect();
        self
    }

    /// The problem in words, in `lang`.
    pub fn explain(&self, lang: Lang) -> String {
        let values: Vec<&dyn std::fmt::Display> = self.values.iter().map(|v| v as _).collect();
        lang.tn(self.message, &values)
    }
}

/// Validates every record: all the valid rows, or every error of every line.
/// Two rows with the same natural `key` are an error on the second, in the
/// column `key_column`.
pub fn validate_all<T, K: std::hash::Hash + Eq>(
    records: &[Record],
    validate: impl Fn(&Record) -> Result<T, Vec<RowError>>,
    key: impl Fn(&T) -> K,
    key_column: &str,
) -> Result<Vec<T>, Vec<RowError>> {
    let mut valid = Vec::with_capacity(records.len());
    let mut errors = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for record in records {
        match validate(record) {
            Ok(row) => {
                if !seen.insert(key(&row)) {
                    errors.push(RowError::new(record, key_column, "import.duplicate"));
                }
                valid.push(row);
            }
            Err(row_errors) => errors.extend(row_errors),
        }
    }
    if errors.is_empty() { Ok(valid) } else { Err(errors) }
}

/// What an import would do, or did, counted in rows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
}

/// Where a quoted field opens and never closes, if one does: its line.
/// (The csv crate would take the rest of the file as that one field.)
fn unclosed_quote(bytes: &[u8], delimiter: u8) -> Option<u64> {
    let (mut line, mut opened_at) = (1, 0);
    let (mut quoted, mut field_start) = (false, true);
    let mut i = 0;
    while i < bytes.len() {
        match (quoted, bytes[i]) {
            (true, b'"') if bytes.get(i + 1) == Some(&b'"') => i += 1,
            (true, b'"') => quoted = false,
            _ if breaks_line(bytes, i) => {
                line += 1;
                field_start = !quoted || field_start;
            }
            (false, b'"') if field_start => {
                quoted = true;
                opened_at = line;
                field_start = false;
            }
            (false, b) if b == delimiter => field_start = true,
            (false, b'\r') => {}
            (false, _) => field_start = false,
            (true, _) => {}
        }
        i += 1;
    }
    quoted.then_some(opened_at)
}

/// A CSV file whose header has been read. Its records are read one at a
/// time, so that a large file is checked and imported in bounded memory.
pub struct CsvFile<'a> {
    text: &'a str,
    delimiter: u8,
    headers: Arc<[String]>,
    /// Byte offsets of the line breaks, to name the line a person sees in
    /// an editor (the csv crate does not count blank lines).
    newlines: Vec<usize>,
}

impl<'a> CsvFile<'a> {
    /// Reads the header. Every required column missing from it is one
    /// error on line 1; a quote that never closes is an error of its line
    /// (the csv crate would take the rest of the file as that one field).
    pub fn open(bytes: &'a [u8], required: &[&str]) -> Result<Self, Vec<RowError>> {
        let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes))
            .map_err(|_| vec![RowError::at(1, "", "import.not_utf8")])?;
        let first_line = text.lines().next().unwrap_or("");
        let delimiter = if first_line.matches(';').count() > first_line.matches(',').count() {
            b';'
        } else {
            b','
        };
        if let Some(line) = unclosed_quote(text.as_bytes(), delimiter) {
            return Err(vec![RowError::at(line, "", "import.unclosed_quote")]);
        }
        let headers: Arc<[String]> = Self::reader(text, delimiter)
            .headers()
            .map_err(|_| vec![RowError::at(1, "", "import.unreadable")])?
            .iter()
            .map(|h| h.trim().to_lowercase())
            .collect();
        let missing: Vec<RowError> = required
            .iter()
            .filter(|c| !headers.iter().any(|h| h == *c))
            .map(|c| RowError::at(1, c, "import.missing_column"))
            .collect();
        if !missing.is_empty() {
            return Err(missing);
        }
        let newlines = newline_offsets(text.as_bytes());
        Ok(Self {
            text,
            delimiter,
            headers,
            newlines,
        })
    }

    fn reader(text: &str, delimiter: u8) -> csv::Reader<&[u8]> {
        csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .from_reader(text.as_bytes())
    }

    /// The columns the header names, trimmed and in lower case.
    pub fn columns(&self) -> &[String] {
        &self.headers
    }

    /// The line of the file where the byte at `offset` stands.
    fn line_at(&self, offset: u64) -> u64 {
        let bytes = self.text.as_bytes();
        let mut start = (offset as usize).min(bytes.len());
        while start < bytes.len() && matches!(bytes[start], b'\r' | b'\n') {
            start += 1;
        }
        self.newlines.partition_point(|n| *n < start) as u64 + 1
    }

    /// Every data row that holds a value, in order: a record, or the error
    /// of its line (more fields than the header). A row the reader cannot
    /// make out ends the file with its error.
    pub fn records(&self) -> impl Iterator<Item = Result<Record, RowError>> + '_ {
        let mut reader = Self::reader(self.text, self.delimiter);
        let header_read = reader.headers().is_ok();
        let mut ended = !header_read;
        reader
            .into_records()
            .map_while(move |row| {
                if ended {
                    return None;
                }
                Some(match row {
                    Err(e) => {
                        ended = true;
                        let line = e.position().map_or(0, |p| self.line_at(p.byte()));
                        Some(Err(RowError::at(line, "", "import.unreadable")))
                    }
                    Ok(row) if row.iter().all(|v| v.trim().is_empty()) => None,
                    Ok(row) => {
                        let line = row.position().map_or(0, |p| self.line_at(p.byte()));
                        Some(if row.len() > self.headers.len() {
                            Err(RowError::at(line, "", "import.too_many_fields")
                                .with(&[&row.len(), &self.headers.len()]))
                        } else {
                            Ok(Record {
                                line,
                                headers: self.headers.clone(),
                                values: row.iter().map(str::to_owned).collect(),
                            })
                        })
                    }
                })
            })
            .flatten()
    }

    /// Every record at once, or every error of the file (small files).
    pub fn read_all(&self) -> Result<Vec<Record>, Vec<RowError>> {
        let (records, errors): (Vec<_>, Vec<_>) = self.records().partition(Result::is_ok);
        if !errors.is_empty() {
            return Err(errors.into_iter().filter_map(Result::err).collect());
        }
        if records.is_empty() {
            return Err(vec![RowError::at(1, "", "import.empty")]);
        }
        Ok(records.into_iter().filter_map(Result::ok).collect())
    }
}

fn newline_offsets(bytes: &[u8]) -> Vec<usize> {
    line_breaks(bytes).collect()
}

/// Whether a line ends at byte `i`: a line feed, or a carriage return
/// alone (files from old Mac spreadsheets), as the csv crate reads them.
fn breaks_line(bytes: &[u8], i: usize) -> bool {
    match bytes[i] {
        b'\n' => true,
        b'\r' => bytes.get(i + 1) != Some(&b'\n'),
        _ => false,
    }
}

fn line_breaks(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    (0..bytes.len()).filter(|&i| breaks_line(bytes, i))
}

/// Reads a CSV file whose header names the columns (see [`CsvFile`]): no
/// value is ever dropped or merged into another without a word.
pub fn read_csv(bytes: &[u8], required: &[&str]) -> Result<Vec<Record>, Vec<RowError>> {
    CsvFile::open(bytes, required)?.read_all()
}

/// How a file was read, for the person to see nothing went astray: its
/// records, the columns no field reads, the records that took several lines.
#[derive(Clone, Debug, Default)]
pub struct Shape {
    pub records: usize,
    pub ignored: Vec<String>,
    /// (first line, lines taken) of each record that took more than one.
    pub spanning: Vec<(u64, u64)>,
}

impl Shape {
    /// A file with these `columns`, of which only `read` are read.
    pub fn new(columns: &[String], read: &[&str]) -> Self {
        Self {
            records: 0,
            ignored: columns
                .iter()
                .filter(|c| !read.contains(&c.as_str()))
                .cloned()
                .collect(),
            spanning: Vec::new(),
        }
    }

    pub fn add(&mut self, record: &Record) {
        self.records += 1;
        if record.lines() > 1 {
            self.spanning.push((record.line, record.lines()));
        }
    }
}

/// A whole number ≥ 0, for imports.
pub fn parse_count(text: &str) -> Option<i64> {
    text.replace([' ', '\u{202f}', '\u{a0}'], "")
        .parse::<i64>()
        .ok()
        .filter(|n| *n >= 0)
}

/// A date written `YYYY-MM-DD` or, as French spreadsheets do, `DD/MM/YYYY`.
pub fn parse_date(text: &str) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .or_else(|_| chrono::NaiveDate::parse_from_str(text, "%d/%m/%Y"))
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_ended_by_a_carriage_return_alone_are_numbered_as_editors_show_them() {
        // Found by the fuzz target: the record was reported on the header's line.
        let good: &[u8] = b"email,name\rana@example.org,Ana\r\rben@example.org,\"Ben\rBen\"\r";
        let records = read_csv(good, &["email"]).unwrap();
        let lines: Vec<(u64, u64)> = records.iter().map(|r| (r.line, r.lines())).collect();
        assert_eq!(lines, [(2, 1), (4, 2)]);
        let wide = [good, b"cleo@example.org,Cleo,x\r"].concat();
        let errors = read_csv(&wide, &["email"]).unwrap_err();
        assert_eq!((errors[0].line, errors[0].message), (6, "import.too_many_fields"));
    }

    #[test]
    fn semicolon_files_with_a_bom_are_read_with_their_line_numbers() {
        let file = "\u{feff}Code;Name\nMA01;Maison d'arrêt de Lyon\n\nCD02;\"Centre; de détention\"\n".as_bytes();
        let records = read_csv(file, &["code", "name"]).unwrap();
        assert_eq!(records.len(), 2);
        assert_eq!((records[0].line, records[0].get("code")), (2, "MA01"));
        assert_eq!((records[1].line, records[1].get("name")), (4, "Centre; de détention"));
    }

    #[test]
    fn a_file_of_100_000_lines_is_read_in_linear_time_with_its_last_line_number() {
        let mut file = String::from("email,name\n");
        for i in 0..100_000 {
            file += &format!("v{i}@example.org,Volunteer {i}\n");
        }
        let started = std::time::Instant::now();
        let records = read_csv(file.as_bytes(), &["email"]).unwrap();
        // Counting each line's number from the start of the file took minutes.
        assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
        assert_eq!(records.last().map(|r| r.line), Some(100_001));
    }

    #[test]
    fn a_quote_that_never_closes_is_an_error_of_the_line_where_it_opens() {
        let file = "email,name,phone\na@example.org,Anne,\"01 02\nb@example.org,Bruno,03\nc@example.org,Chloé,04\n";
        let errors = read_csv(file.as_bytes(), &["email"]).unwrap_err();
        assert_eq!((errors[0].line, errors[0].message), (2, "import.unclosed_quote"));
        let middle = "email;name;phone\na@example.org;\"Anne;01\nb@example.org;Bruno;03\n";
        let errors = read_csv(middle.as_bytes(), &["email"]).unwrap_err();
        assert_eq!((errors[0].line, errors[0].message), (2, "import.unclosed_quote"));
        // A quoted field may span lines when it closes, and quotes inside
        // a field or doubled in a quoted one are text.
        let fine = "email,address\na@example.org,\"1 rue \"\"du Port\"\"\n75001 Paris\"\nb@example.org,Tour 3\"B\"\n";
        let records = read_csv(fine.as_bytes(), &["email"]).unwrap();
        assert_eq!(records.len(), 2);
        assert_eq!(records[0].get("address"), "1 rue \"du Port\"\n75001 Paris");
        assert_eq!((records[1].line, records[1].get("address")), (4, "Tour 3\"B\""));
    }

    #[test]
    fn a_line_wider_than_the_header_is_refused_with_its_counts() {
        let wide = format!(
            "email,name\na@example.org,Anne\nb@example.org,Bruno{}\n",
            ",x".repeat(10_000)
        );
        let errors = read_csv(wide.as_bytes(), &["email"]).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!((errors[0].line, errors[0].message), (3, "import.too_many_fields"));
        assert_eq!(
            errors[0].explain(Lang::En),
            "This line has 10002 values, the first line names 2 columns: nothing is dropped without telling you."
        );
        // Shorter lines are fine: their last columns are empty.
        let short = read_csv(b"email,name,phone\na@example.org\n", &["email"]).unwrap();
        assert_eq!(short[0].get("phone"), "");
    }

    #[test]
    fn missing_columns_and_empty_files_are_reported() {
        let errors = read_csv(b"code,city\n", &["code", "name", "kind"]).unwrap_err();
        let missing: Vec<_> = errors.iter().map(|e| e.column.as_str()).collect();
        assert_eq!(missing, ["name", "kind"]);
        assert_eq!(read_csv(b"code\n", &["code"]).unwrap_err()[0].message, "import.empty");
        assert_eq!(read_csv(b"\xff\xfe", &[]).unwrap_err()[0].message, "import.not_utf8");
    }

    #[test]
    fn numbers_and_dates_are_read_as_spreadsheets_write_them() {
        assert_eq!(parse_count("1 200"), Some(1200));
        assert_eq!(parse_count("-3"), None);
        assert_eq!(parse_date("01/07/2026"), parse_date("2026-07-01"));
        assert_eq!(parse_date("2026-13-01"), None);
    }
}
