//! Command-line options and the choice of database file.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// Environment variable naming the database file when `--db` is not given.
pub const DB_ENV: &str = "POS_DB";

/// File name of the database inside the app's data directory.
pub const DB_FILE_NAME: &str = "pos.db";

pub const USAGE: &str = "\
usage: pos-desktop [--db PATH] [--demo]

  --db PATH   the SQLite database to open (created on first use)
  --demo      a new database gets the demo shop (catalog, cashier 1001/1234,
              manager 9001/9999); without it, a new database opens the setup
              screen (shop name, currency, till id, the first manager)

Test mode (end-to-end tests answer the native dialogs this way):
  --answer-save PATH   every save dialog answers PATH
  --answer-open PATH   every open dialog answers PATH

Without --db, the database is $POS_DB if set, else pos.db in the app's data
directory (on Linux ~/.local/share/shop.pos.till/pos.db).";

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Options {
    pub db: Option<PathBuf>,
    /// Seed the demo shop into a new database (else it asks for its setup).
    pub demo: bool,
    /// Test mode: answer every save dialog with this path.
    pub answer_save: Option<PathBuf>,
    /// Test mode: answer every open dialog with this path.
    pub answer_open: Option<PathBuf>,
    pub help: bool,
}

/// Parses the arguments after the program name. Unknown arguments are
/// ignored: the webview's automation driver may add its own.
pub fn parse_args<I>(args: I) -> Result<Options, String>
where
    I: IntoIterator<Item = OsString>,
{
    let mut options = Options::default();
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let text = arg.to_string_lossy();
        if text == "--db" {
            let value = args.next().ok_or("--db needs a path")?;
            options.db = Some(non_empty(value.into())?);
        } else if let Some(value) = text.strip_prefix("--db=") {
            options.db = Some(non_empty(PathBuf::from(value))?);
        } else if text == "--answer-save" {
            options.answer_save = Some(non_empty(args.next().ok_or("--answer-save needs a path")?.into())?);
        } else if text == "--answer-open" {
            options.answer_open = Some(non_empty(args.next().ok_or("--answer-open needs a path")?.into())?);
        } else if text == "--demo" {
            options.demo = true;
        } else if text == "--help" || text == "-h" {
            options.help = true;
        }
    }
    Ok(options)
}

fn non_empty(path: PathBuf) -> Result<PathBuf, String> {
    if path.as_os_str().is_empty() {
        Err("--db needs a non-empty path".into())
    } else {
        Ok(path)
    }
}

/// Chooses the database: `--db`, else `$POS_DB` (if non-empty), else
/// `pos.db` in `data_dir`. Relative paths are taken from `cwd`.
pub fn choose_db_path(
    cli: Option<&Path>,
    env: Option<OsString>,
    data_dir: impl FnOnce() -> Result<PathBuf, String>,
    cwd: &Path,
) -> Result<PathBuf, String> {
    let chosen = match (cli, env.filter(|value| !value.is_empty())) {
        (Some(path), _) => path.to_path_buf(),
        (None, Some(value)) => PathBuf::from(value),
        (None, None) => data_dir()?.join(DB_FILE_NAME),
    };
    Ok(if chosen.is_absolute() { chosen } else { cwd.join(chosen) })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<OsString> {
        list.iter().map(OsString::from).collect()
    }

    #[test]
    fn parses_db_in_both_spellings_and_ignores_the_rest() {
        let o = parse_args(args(&["--automation", "--db", "/x/a.db"])).unwrap();
        assert_eq!(o.db, Some(PathBuf::from("/x/a.db")));
        let o = parse_args(args(&["--db=b.db"])).unwrap();
        assert_eq!(o.db, Some(PathBuf::from("b.db")));
        assert_eq!(parse_args(args(&[])).unwrap(), Options::default());
        assert!(parse_args(args(&["--help"])).unwrap().help);
        assert!(parse_args(args(&["--demo"])).unwrap().demo);
        assert!(!parse_args(args(&["--db", "x.db"])).unwrap().demo);
    }

    #[test]
    fn rejects_db_without_a_path() {
        assert!(parse_args(args(&["--db"])).is_err());
        assert!(parse_args(args(&["--db="])).is_err());
    }

    #[test]
    fn argument_beats_environment_beats_data_dir() {
        let cwd = Path::new("/work");
        let data = || Ok(PathBuf::from("/data"));
        let cli = Path::new("/cli.db");
        assert_eq!(
            choose_db_path(Some(cli), Some("/env.db".into()), data, cwd).unwrap(),
            PathBuf::from("/cli.db")
        );
        assert_eq!(
            choose_db_path(None, Some("/env.db".into()), data, cwd).unwrap(),
            PathBuf::from("/env.db")
        );
        assert_eq!(choose_db_path(None, Some("".into()), data, cwd).unwrap(), PathBuf::from("/data/pos.db"));
        assert_eq!(choose_db_path(None, None, data, cwd).unwrap(), PathBuf::from("/data/pos.db"));
    }

    #[test]
    fn relative_paths_are_taken_from_the_working_directory() {
        let got = choose_db_path(Some(Path::new("shop/pos.db")), None, || unreachable!(), Path::new("/work"));
        assert_eq!(got, Ok(PathBuf::from("/work/shop/pos.db")));
    }
}
