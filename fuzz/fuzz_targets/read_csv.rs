//! The file reader behind every import, fed any bytes: it must never
//! panic, and it must account for every line it accepts. Each line of an
//! accepted file is the header, part of a record, or holds no value
//! (blank, or only separators and quotes); any other line was lost.

#![no_main]

use libfuzzer_sys::fuzz_target;
use passerelle::tabular::{Record, read_csv};

fuzz_target!(|data: &[u8]| {
    let kinds: [&[&str]; 4] = [
        passerelle::establishments::REQUIRED,
        passerelle::people::import::REQUIRED,
        passerelle::authorisations::import::REQUIRED,
        &[],
    ];
    for required in kinds {
        if let Ok(records) = read_csv(data, required) {
            every_line_accounted_for(data, &records);
        }
    }
});

fn every_line_accounted_for(data: &[u8], records: &[Record]) {
    let text = std::str::from_utf8(data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data))
        .expect("an accepted file is UTF-8");
    // Lines end as the reader ends them: line feed, CR LF, or CR alone.
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<&str> = text.split('\n').collect();
    let mut covered = vec![false; lines.len() + 2];
    for record in records {
        assert!(record.line >= 2, "a record on the header's line: {record:?}");
        for line in record.line..record.line + record.lines() {
            if let Some(slot) = covered.get_mut(line as usize) {
                *slot = true;
            }
        }
    }
    let first = records[0].line as usize;
    for (index, line) in lines.iter().enumerate() {
        let number = index + 1;
        let empty = line.chars().all(|c| c.is_whitespace() || matches!(c, ',' | ';' | '"'));
        assert!(
            number < first || covered[number] || empty,
            "line {number} was lost: {line:?}"
        );
    }
}
