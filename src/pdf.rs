//! Text documents as PDF (information sheets, certificates): A4 pages of a
//! title, headings and paragraphs wrapped to the page, page after page.
//!
//! The text is set in Helvetica, one of the fonts every PDF reader has, so
//! nothing is embedded and a document weighs a few kilobytes. Those fonts
//! encode WinAnsi, which holds the letters of French, English, German and
//! Portuguese; a letter outside it (Polish ł, Romanian ș...) is written
//! without its accent rather than dropped.

use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

/// One piece of a document, laid out top to bottom.
#[derive(Clone, Debug)]
pub enum Block {
    Title(String),
    Heading(String),
    Paragraph(String),
    /// A paragraph in a smaller type.
    Note(String),
    Bullet(String),
}

impl Block {
    /// Font (regular or bold), size, space before, indent.
    fn style(&self) -> (Font, f32, f32, f32) {
        match self {
            Self::Title(_) => (Font::Bold, 20.0, 0.0, 0.0),
            Self::Heading(_) => (Font::Bold, 13.0, 14.0, 0.0),
            Self::Paragraph(_) => (Font::Regular, 11.0, 5.0, 0.0),
            Self::Note(_) => (Font::Regular, 9.0, 4.0, 0.0),
            Self::Bullet(_) => (Font::Regular, 11.0, 2.0, 14.0),
        }
    }

    fn text(&self) -> &str {
        match self {
            Self::Title(t) | Self::Heading(t) | Self::Paragraph(t) | Self::Note(t) | Self::Bullet(t) => t,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Font {
    Regular,
    Bold,
}

impl Font {
    fn name(self) -> Name<'static> {
        match self {
            Self::Regular => Name(b"F1"),
            Self::Bold => Name(b"F2"),
        }
    }
}

const PAGE: (f32, f32) = (595.0, 842.0);
const MARGIN: f32 = 56.0;

/// A document: its title (shown by readers) and its blocks.
pub fn render(title: &str, blocks: &[Block]) -> Vec<u8> {
    let pages = layout(blocks);
    let mut pdf = Pdf::new();
    let catalog = Ref::new(1);
    let tree = Ref::new(2);
    let (regular, bold, info) = (Ref::new(3), Ref::new(4), Ref::new(5));
    let first_page = 6;
    let page_ids: Vec<Ref> = (0..pages.len() as i32).map(|i| Ref::new(first_page + 2 * i)).collect();
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree)
        .kids(page_ids.iter().copied())
        .count(page_ids.len() as i32);
    pdf.document_info(info)
        .title(TextStr(title))
        .producer(TextStr("Passerelle"));
    for (font, base) in [(regular, b"Helvetica".as_slice()), (bold, b"Helvetica-Bold")] {
        pdf.type1_font(font)
            .base_font(Name(base))
            .encoding_predefined(Name(b"WinAnsiEncoding"));
    }
    for (page_id, lines) in page_ids.iter().zip(&pages) {
        let content_id = Ref::new(page_id.get() + 1);
        let mut page = pdf.page(*page_id);
        page.media_box(Rect::new(0.0, 0.0, PAGE.0, PAGE.1));
        page.parent(tree);
        page.contents(content_id);
        let mut resources = page.resources();
        let mut fonts = resources.fonts();
        fonts.pair(Font::Regular.name(), regular);
        fonts.pair(Font::Bold.name(), bold);
        fonts.finish();
        resources.finish();
        page.finish();
        let mut content = Content::new();
        for line in lines {
            content.begin_text();
            content.set_font(line.font.name(), line.size);
            content.next_line(line.x, line.y);
            content.show(Str(&line.text));
            content.end_text();
        }
        pdf.stream(content_id, &content.finish());
    }
    pdf.finish()
}

/// A line placed on a page, its text already in WinAnsi.
struct Line {
    font: Font,
    size: f32,
    x: f32,
    y: f32,
    text: Vec<u8>,
}

/// Wraps every block to the page width and breaks pages; the lines of each page.
fn layout(blocks: &[Block]) -> Vec<Vec<Line>> {
    let mut pages = vec![Vec::new()];
    let mut y = PAGE.1 - MARGIN;
    for block in blocks {
        let (font, size, before, indent) = block.style();
        let leading = size * 1.35;
        let width = PAGE.0 - 2.0 * MARGIN - indent;
        y -= before;
        for (i, text) in wrap(block.text(), font, size, width).into_iter().enumerate() {
            y -= leading;
            if y < MARGIN {
                pages.push(Vec::new());
                y = PAGE.1 - MARGIN - leading;
            }
            let bullet = matches!(block, Block::Bullet(_)) && i == 0;
            let mut bytes = if bullet { vec![0x95, b' '] } else { Vec::new() };
            bytes.extend(winansi(&text));
            let x = MARGIN + if bullet { indent - 9.0 } else { indent };
            if let Some(page) = pages.last_mut() {
                page.push(Line {
                    font,
                    size,
                    x,
                    y,
                    text: bytes,
                });
            }
        }
    }
    pages
}

/// The text cut into lines no wider than `width` points, at spaces.
fn wrap(text: &str, font: Font, size: f32, width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_owned()
        } else {
            format!("{line} {word}")
        };
        if !line.is_empty() && text_width(&candidate, font, size) > width {
            lines.push(std::mem::replace(&mut line, word.to_owned()));
        } else {
            line = candidate;
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// Width in points, from Helvetica's glyph widths grouped by shape (a
/// slight overestimate, so that a line never runs past the margin).
fn text_width(text: &str, font: Font, size: f32) -> f32 {
    let units: u32 = text
        .chars()
        .map(|c| match c {
            'i' | 'j' | 'l' | '\'' | '.' | ',' | ':' | ';' | '!' | '|' => 230,
            ' ' | 'f' | 't' | 'I' | '(' | ')' | '[' | ']' | '-' | '/' => 340,
            'r' => 350,
            'm' | 'M' | 'W' | '@' => 850,
            'w' | 'Œ' | 'œ' => 760,
            c if c.is_uppercase() => 730,
            _ => 570,
        })
        .sum();
    let bold = if font == Font::Bold { 1.06 } else { 1.0 };
    units as f32 * size * bold / 1000.0
}

/// The text in WinAnsi (Windows-1252): Latin-1 as is, the typographic
/// signs of 0x80-0x9F, other letters without their accent, else `?`.
fn winansi(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c {
            ' '..='~' | '\u{a0}'..='ÿ' => c as u32 as u8,
            '€' => 0x80,
            '…' => 0x85,
            'Œ' => 0x8C,
            '‘' => 0x91,
            '’' => 0x92,
            '“' => 0x93,
            '”' => 0x94,
            '•' => 0x95,
            '–' => 0x96,
            '—' => 0x97,
            'œ' => 0x9C,
            'Š' => 0x8A,
            'š' => 0x9A,
            'Ž' => 0x8E,
            'ž' => 0x9E,
            'Ÿ' => 0x9F,
            _ => without_accent(c),
        })
        .collect()
}

fn without_accent(c: char) -> u8 {
    match c {
        'ą' | 'ă' | 'ā' => b'a',
        'Ą' | 'Ă' | 'Ā' => b'A',
        'ć' | 'č' => b'c',
        'Ć' | 'Č' => b'C',
        'ę' | 'ě' | 'ē' => b'e',
        'Ę' | 'Ě' | 'Ē' => b'E',
        'ł' => b'l',
        'Ł' => b'L',
        'ń' | 'ň' => b'n',
        'Ń' | 'Ň' => b'N',
        'ś' | 'ș' | 'ş' => b's',
        'Ś' | 'Ș' | 'Ş' => b'S',
        'ț' | 'ţ' => b't',
        'Ț' | 'Ţ' => b'T',
        'ź' | 'ż' => b'z',
        'Ź' | 'Ż' => b'Z',
        _ => b'?',
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_letters_are_kept_and_others_lose_only_their_accent() {
        assert_eq!(winansi("Maison d’arrêt"), b"Maison d\x92arr\xeat");
        assert_eq!(winansi("Areszt Śledczy Łódź"), b"Areszt Sledczy L\xf3dz");
        assert_eq!(winansi("Œuvre · 5 €"), b"\x8cuvre \xb7 5 \x80");
    }

    #[test]
    fn long_paragraphs_wrap_within_the_margins_and_flow_onto_new_pages() {
        let sentence = "Une personne détenue peut demander la visite d'un visiteur de prison. ".repeat(40);
        let lines = wrap(&sentence, Font::Regular, 11.0, 483.0);
        assert!(lines.len() > 20);
        assert!(lines.iter().all(|l| text_width(l, Font::Regular, 11.0) <= 483.0));
        let blocks: Vec<Block> = (0..30).map(|_| Block::Paragraph(sentence.clone())).collect();
        let pages = layout(&blocks);
        assert!(pages.len() > 3);
        assert!(pages.iter().flatten().all(|l| l.y >= MARGIN && l.y <= PAGE.1 - MARGIN));
    }

    #[test]
    fn a_document_is_a_pdf_with_its_text_and_title() {
        let pdf = render(
            "Fiche",
            &[
                Block::Title("Fiche d'information".into()),
                Block::Bullet("Luc Moreau".into()),
            ],
        );
        assert!(pdf.starts_with(b"%PDF-"));
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.contains("(Fiche d'information) Tj") && text.contains("/Helvetica-Bold"));
        // A line with a byte beyond ASCII (the bullet, 0x95) is written in hexadecimal.
        assert!(text.contains("<95204C7563204D6F72656175> Tj") && text.trim_end().ends_with("%%EOF"));
    }
}
