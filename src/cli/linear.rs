//! `between do`, `between note` on a terminal, and `between` in linear mode: the
//! command line's side of linear mode (`crate::linear`): which mode, the passphrase,
//! and standard output made safe, with headings marked only when colour is asked for.

use std::io::{self, IsTerminal, Write};

use clap::Args;

use super::output::{ColorChoice, Mark, Stdout};
use crate::Error;
use crate::data_dir::DataDir;
use crate::environment::Environment;
use crate::journal::Store;
use crate::journal::log::Form;
use crate::linear::{Asked, Manner, Out};
use crate::mode_name::{ModeChosenBy, ModeName, Surroundings};
use crate::vault::Vault;

/// Arguments of `between do`.
#[derive(Debug, Args)]
pub struct DoArgs {
    /// The exercise, as AREA/EXERCISE (`between exercises` lists them); without it,
    /// choose an area and an exercise from numbered lists.
    #[arg(value_name = "AREA/EXERCISE")]
    exercise: Option<String>,
    /// During a break, print only when it ends, not a line each minute.
    #[arg(long)]
    quiet: bool,
    /// Mark headings in bold: never (the default: plain text only), always, or auto
    /// (on a terminal, unless NO_COLOR is set).
    #[arg(long, value_enum, value_name = "WHEN", default_value = "never")]
    color: ColorChoice,
}

/// How `between` without a command runs here, and what chose it (`--linear` is
/// `asked`; `setting` is the settings' `mode`): the one decision that start-up and
/// `between settings` share.
pub fn mode(asked: bool, setting: ModeName, env: &Environment) -> (ModeName, ModeChosenBy) {
    let around = Surroundings {
        term: env.term.as_deref(),
        input_terminal: io::stdin().is_terminal(),
        output_terminal: io::stdout().is_terminal(),
    };
    crate::mode_name::chosen(asked, setting, around)
}

/// Runs `between do`.
pub fn run_do(
    dir: &DataDir,
    args: &DoArgs,
    env: &Environment,
    out: &mut Stdout,
) -> Result<(), Error> {
    let asked = match &args.exercise {
        Some(name) => Asked::Exercise(name.clone()),
        None => Asked::Choose,
    };
    let manner = Manner { quiet: args.quiet };
    talk(dir, &asked, manner, args.color.wanted(env), env, out)
}

/// Runs linear mode: `asked`, with headings marked when `marked`.
pub fn talk(
    dir: &DataDir,
    asked: &Asked,
    manner: Manner,
    marked: bool,
    env: &Environment,
    out: &mut Stdout,
) -> Result<(), Error> {
    let vault = vault(dir)?;
    let mut page = Page { out, marked };
    let reader = io::BufReader::new(io::stdin());
    crate::linear::run(dir, vault, env, asked, manner, reader, &mut page)
}

/// The key of an encrypted journal, asked for once (with why, when the journal was
/// encrypted on another device); none for a plain one.
fn vault(dir: &DataDir) -> Result<Option<Vault>, Error> {
    let store = Store::new(dir.clone());
    match store.form()? {
        Form::Plain => Ok(None),
        Form::Encrypted(header) => {
            if let Some(notice) = store.unlock_notice() {
                say!("{notice}");
            }
            Ok(Some(super::unlock::unlock(&header)?))
        }
        Form::BadHeader(message) => Err(crate::journal::StoreError::BadHeader(message).into()),
    }
}

/// Standard output for linear mode.
struct Page<'a> {
    out: &'a mut Stdout,
    marked: bool,
}

impl Write for Page<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.out.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

impl Out for Page<'_> {
    fn heading(&mut self, text: &str) -> io::Result<()> {
        if self.marked {
            self.out.mark(Mark::Bold)?;
            write!(self.out, "{text}")?;
            self.out.mark(Mark::Plain)?;
            writeln!(self.out)
        } else {
            writeln!(self.out, "{text}")
        }
    }
}
