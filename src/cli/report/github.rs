//! `--format github`: GitHub Actions workflow commands, which the runner
//! turns into annotations on the pull request's files.
//! Syntax: `::error file=F,line=L,col=C,endLine=L,endColumn=C,title=T::MESSAGE`.

use std::io::{self, Write};

use super::Problem;

pub fn write(out: &mut impl Write, problems: &[Problem]) -> io::Result<()> {
    for problem in problems {
        writeln!(out, "{}", line(problem))?;
    }
    Ok(())
}

/// One workflow command. GitHub has three levels: infos and hints are
/// notices.
pub fn line(problem: &Problem) -> String {
    let json = &problem.json;
    let command = match json.severity {
        "error" => "error",
        "warning" => "warning",
        _ => "notice",
    };
    let title = format!("newsls {}", json.code);
    if problem.source.is_none() {
        return format!(
            "::{command} file={},title={}::{}",
            property(&json.path),
            property(&title),
            data(&json.message)
        );
    }
    format!(
        "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
        property(&json.path),
        json.line,
        json.column,
        json.end_line,
        json.end_column,
        property(&title),
        data(&json.message)
    )
}

/// The message: `%`, CR and LF escaped as the runner unescapes them.
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A property value: also `:` and `,`, which end a property.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(data("50% of\r\nit"), "50%25 of%0D%0Ait");
        assert_eq!(property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
