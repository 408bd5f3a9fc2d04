//! The key tables: for each screen (and each phase of an exercise), the bindings that
//! `update` dispatches through and that the footer and the help screen list, so what
//! is shown is always what works (see `tui/keymap.rs`).

use std::borrow::Cow;

use crossterm::event::KeyCode;

use super::{Confirm, Overlay, Phase, Screen, State};
use crate::tui::keymap::Action::{self, *};
use crate::tui::keymap::Key::{self, Char, Code, Ctrl};
use crate::tui::keymap::{Binding, Table, Typing};
use crate::tui::own_keys::OwnKeys;

const DOWN: &[Key] = &[Code(KeyCode::Down), Char('j')];
const UP: &[Key] = &[Code(KeyCode::Up), Char('k')];
const PAGE_DOWN: &[Key] = &[Code(KeyCode::PageDown)];
const PAGE_UP: &[Key] = &[Code(KeyCode::PageUp)];
const BACK: &[Key] = &[
    Code(KeyCode::Esc),
    Char('q'),
    Char('h'),
    Code(KeyCode::Left),
];
const OPEN: &[Key] = &[Code(KeyCode::Enter), Char('l'), Code(KeyCode::Right)];
const ESC: &[Key] = &[Code(KeyCode::Esc)];

const MOVE: Binding = Binding::new(DOWN, Down, "↑↓ jk", "move");
const MOVE_UP: Binding = Binding::also(UP, Up);
const SCROLL: Binding = Binding::new(DOWN, Down, "↑↓ jk", "scroll");
const PAGES: Binding = Binding::new(PAGE_DOWN, PageDown, "PgUp PgDn", "scroll");
const PAGES_UP: Binding = Binding::also(PAGE_UP, PageUp);
const GO_BACK: Binding = Binding::new(BACK, Back, "Esc", "back");
/// Ctrl-U and Ctrl-W in a one-line box, as in every line editor.
const ERASE_LINE: Binding =
    Binding::new(&[Ctrl('u')], EraseLine, "Ctrl-U Ctrl-W", "erase line, word");
const ERASE_WORD: Binding = Binding::also(&[Ctrl('w')], EraseWord);

const HIDE: Binding = Binding::new(
    &[Ctrl('l'), Code(KeyCode::F(12))],
    Hide,
    "Ctrl-L F12",
    "hide",
);
const QUIT_KEY: Binding = Binding::new(&[Ctrl('c')], Quit, "Ctrl-C", "quit");

/// Safety, hide and quit work everywhere, even while typing (in a step too, so
/// keys of one's own here are only those a step's input leaves).
const WHILE_TYPING: Table = Table {
    name: "the keys that work even while typing",
    typing: Typing::Step,
    bindings: &[
        Binding::new(&[Ctrl('g')], Safety, "Ctrl-G", "safety"),
        HIDE,
        QUIT_KEY,
    ],
};

/// When no text is being typed, `?` and `!` too.
const EVERYWHERE: Table = Table {
    name: "the keys that work everywhere",
    typing: Typing::No,
    bindings: &[
        Binding::new(&[Char('?')], Help, "?", "help"),
        Binding::new(&[Char('!'), Ctrl('g')], Safety, "! Ctrl-G", "safety"),
        HIDE,
        QUIT_KEY,
    ],
};

/// The lock screen of an encrypted journal: what is typed is the passphrase, so only
/// keys that type nothing act (see `tui::unlock`). Hiding does nothing there: the
/// screen shows nothing of the journal.
const LOCK: Table = Table {
    name: "the lock screen",
    typing: Typing::Line,
    bindings: &[
        Binding::new(&[Code(KeyCode::Enter)], Open, "Enter", "unlock").go_on(),
        Binding::new(&[Code(KeyCode::Esc), Ctrl('d')], Quit, "Esc", "quit"),
        Binding::also(&[Ctrl('c')], Quit),
        Binding::new(&[Ctrl('g')], Safety, "Ctrl-G", "safety"),
        Binding::new(&[Code(KeyCode::Backspace)], Erase, "Backspace", "erase"),
        ERASE_LINE,
        ERASE_WORD,
    ],
};

/// Nothing works beside a table but its own keys (the lock screen's).
const NOTHING_ELSE: Table = Table {
    name: "nowhere",
    typing: Typing::No,
    bindings: &[],
};

const WELCOME: Table = Table {
    name: "the welcome",
    typing: Typing::No,
    bindings: &[Binding::new(
        &[Code(KeyCode::Enter), Char(' '), Code(KeyCode::Esc)],
        Open,
        "Enter",
        "go on",
    )
    .go_on()],
};

const HOME: Table = Table {
    name: "home",
    typing: Typing::No,
    bindings: &[
        MOVE,
        MOVE_UP,
        Binding::unshown(&[Code(KeyCode::Home), Char('g')], First),
        Binding::unshown(&[Code(KeyCode::End), Char('G')], Last),
        Binding::new(&[Code(KeyCode::Enter)], Open, "Enter", "open").go_on(),
        Binding::new(&[Char('t')], Try, "t", "try"),
        Binding::new(&[Char('r')], Review, "r", "review"),
        Binding::new(&[Char('s')], Session, "s", "session"),
        Binding::new(&[Char('n')], Note, "n", "note"),
        Binding::new(&[Char('J')], Journal, "J", "journal"),
        Binding::new(&[Char('q')], Quit, "q", "quit"),
        Binding::new(&[Char('P')], Progress, "P", "progress"),
        Binding::new(&[Char('M')], Strategies, "M", "my strategies"),
        Binding::new(&[Char('K')], Packs, "K", "packs"),
        Binding::new(&[Char('L')], Prep, "L", "since the last session"),
        Binding::new(&[Char('Y')], LookBack, "Y", "look back on a year"),
        Binding::new(&[Char('S')], Sessions, "S", "sessions"),
        Binding::new(&[Char('/')], Find, "/", "find an exercise"),
        Binding::new(
            &[Code(KeyCode::Tab), Char('l'), Code(KeyCode::Right)],
            NextPane,
            "Tab ←→",
            "pane",
        ),
        Binding::also(
            &[Code(KeyCode::BackTab), Char('h'), Code(KeyCode::Left)],
            PreviousPane,
        ),
        Binding::new(&[Char('1')], Area(1), "1-7", "area"),
        Binding::also(&[Char('2')], Area(2)),
        Binding::also(&[Char('3')], Area(3)),
        Binding::also(&[Char('4')], Area(4)),
        Binding::also(&[Char('5')], Area(5)),
        Binding::also(&[Char('6')], Area(6)),
        Binding::also(&[Char('7')], Area(7)),
        Binding::also(&[Char('8')], Area(8)),
        Binding::also(&[Char('9')], Area(9)),
    ],
};

const AREA: Table = Table {
    name: "an area",
    typing: Typing::No,
    bindings: &[
        MOVE,
        MOVE_UP,
        Binding::new(OPEN, Open, "Enter", "start").go_on(),
        Binding::new(&[Char('v')], Preview, "v", "see its steps"),
        Binding::new(&[Char('/')], Find, "/", "find an exercise"),
        PAGES,
        PAGES_UP,
        GO_BACK,
    ],
};

/// Finding an exercise: what is typed goes into the search, so only keys that type
/// nothing act.
const FIND: Table = Table {
    name: "finding an exercise",
    typing: Typing::Line,
    bindings: &[
        Binding::new(&[Code(KeyCode::Enter)], Open, "Enter", "start").go_on(),
        Binding::hint("type", "search"),
        Binding::new(&[Code(KeyCode::Down)], Down, "↑↓", "move"),
        Binding::also(&[Code(KeyCode::Up)], Up),
        Binding::new(&[Code(KeyCode::Tab)], Preview, "Tab", "see its steps"),
        Binding::new(ESC, Back, "Esc", "back"),
        Binding::new(&[Code(KeyCode::Backspace)], Erase, "Backspace", "erase"),
        ERASE_LINE,
        ERASE_WORD,
    ],
};

const JOURNAL_TYPING: Table = Table {
    name: "the journal's search",
    typing: Typing::Line,
    bindings: &[
        Binding::hint("type", "search"),
        Binding::new(&[Code(KeyCode::Backspace)], Erase, "Backspace", "erase"),
        ERASE_LINE,
        ERASE_WORD,
        Binding::new(&[Ctrl('o')], ToggleOwnWords, "Ctrl-O", "own words only"),
        Binding::new(
            &[
                Code(KeyCode::Enter),
                Code(KeyCode::Esc),
                Code(KeyCode::Down),
                Code(KeyCode::Tab),
            ],
            DoneTyping,
            "Enter Esc",
            "done",
        )
        .go_on(),
    ],
};

/// Opens the picker of a month, season or year, on the journal and progress alike
/// (shown beside `r`, the recent ranges).
const PICK_A_PERIOD: Binding = Binding::also(&[Char('R')], PickPeriod);

/// The period picker: step through months, seasons or years, apply or leave.
const PICK_PERIOD: Table = Table {
    name: "the period picker",
    typing: Typing::No,
    bindings: &[
        Binding::new(&[Code(KeyCode::Enter)], Open, "Enter", "show it").go_on(),
        Binding::new(
            &[Code(KeyCode::Left), Char('['), Char('h')],
            EarlierPeriod,
            "← [",
            "earlier",
        ),
        Binding::new(
            &[Code(KeyCode::Right), Char(']'), Char('l')],
            LaterPeriod,
            "→ ]",
            "later",
        ),
        Binding::new(
            &[Code(KeyCode::Tab), Code(KeyCode::Up), Code(KeyCode::Down)],
            PeriodUnit,
            "Tab ↑↓",
            "month, season or year",
        ),
        Binding::new(&[Code(KeyCode::Esc), Char('q')], Back, "Esc", "cancel"),
    ],
};

const JOURNAL: Table = Table {
    name: "the journal",
    typing: Typing::No,
    bindings: &[
        MOVE,
        MOVE_UP,
        Binding::unshown(PAGE_DOWN, PageDown),
        PAGES_UP,
        Binding::unshown(&[Code(KeyCode::Home), Char('g')], First),
        Binding::unshown(&[Code(KeyCode::End), Char('G')], Last),
        Binding::new(OPEN, Open, "Enter", "open").go_on(),
        Binding::new(&[Char('/')], Search, "/", "search"),
        Binding::new(&[Char('n')], Note, "n", "note"),
        Binding::new(
            &[Char('a')],
            FilterArea,
            "a c t r R",
            "area kind tag date period",
        ),
        Binding::also(&[Char('c')], FilterKind),
        Binding::also(&[Char('t')], FilterTag),
        Binding::also(&[Char('r')], FilterRange),
        PICK_A_PERIOD,
        Binding::new(&[Char('0')], ClearFilters, "0", "clear filters"),
        Binding::new(&[Char('w')], ToggleOwnWords, "w", "search own words only"),
        Binding::new(&[Char('o')], OldestFirst, "o", "oldest or newest first"),
        Binding::new(&[Char('d')], ToggleDiscuss, "d p", "discuss private"),
        // `P` as in the entry view, where `p` goes to the entry before.
        Binding::also(&[Char('p'), Char('P')], TogglePrivate),
        Binding::new(&[Char('e')], Edit, "e", "edit"),
        Binding::new(&[Char('x'), Code(KeyCode::Delete)], Delete, "x", "delete"),
        GO_BACK,
    ],
};

/// Reading one entry: `n` and `p` read on through the journal list, so privacy is
/// `P` here (and in the list too).
const ENTRY: Table = Table {
    name: "an entry",
    typing: Typing::No,
    bindings: &[
        SCROLL,
        MOVE_UP,
        Binding::unshown(&[Code(KeyCode::PageDown), Char(' ')], PageDown),
        PAGES_UP,
        Binding::new(&[Char('n')], NextEntry, "n p", "next"),
        Binding::also(&[Char('p')], PreviousEntry),
        Binding::new(&[Char('d')], ToggleDiscuss, "d P", "discuss private"),
        Binding::also(&[Char('P')], TogglePrivate),
        Binding::new(&[Char('e')], Edit, "e", "edit"),
        Binding::new(&[Char('x'), Code(KeyCode::Delete)], Delete, "x", "delete"),
        GO_BACK.go_on(),
    ],
};

const PREP: Table = Table {
    name: "a page to read",
    typing: Typing::No,
    bindings: &[
        SCROLL,
        MOVE_UP,
        Binding::unshown(&[Code(KeyCode::PageDown), Char(' ')], PageDown),
        PAGES_UP,
        GO_BACK.go_on(),
    ],
};

const LOOK_BACK: Table = Table {
    name: "the look back",
    typing: Typing::No,
    bindings: &[
        SCROLL,
        MOVE_UP,
        Binding::new(&[Char('[')], EarlierPeriod, "[ ]", "year before, after"),
        Binding::also(&[Char(']')], LaterPeriod),
        Binding::unshown(&[Code(KeyCode::PageDown), Char(' ')], PageDown),
        PAGES_UP,
        GO_BACK.go_on(),
    ],
};

const PACKS_TYPING: Table = Table {
    name: "adding a pack",
    typing: Typing::Line,
    bindings: &[
        Binding::hint("type paste", "the path"),
        Binding::new(&[Code(KeyCode::Enter)], Open, "Enter", "add").go_on(),
        Binding::new(ESC, DoneTyping, "Esc", "cancel"),
        Binding::unshown(&[Code(KeyCode::Backspace)], Erase),
        ERASE_LINE,
        ERASE_WORD,
    ],
};

const PACKS: Table = Table {
    name: "packs",
    typing: Typing::No,
    bindings: &[
        MOVE,
        MOVE_UP,
        Binding::new(&[Char('a')], AddPack, "a", "add a pack").go_on(),
        Binding::new(&[Char('r')], ReportPack, "r", "report on its homework"),
        GO_BACK,
    ],
};

const REPORT: Table = Table {
    name: "the report",
    typing: Typing::No,
    bindings: &[
        MOVE,
        MOVE_UP,
        Binding::new(
            &[Char('x'), Char(' ')],
            LeaveOut,
            "x",
            "leave out or put back",
        ),
        Binding::new(&[Char('s')], CountsOnly, "s", "counts only"),
        Binding::new(&[Char('n')], Note, "n", "a note to your therapist"),
        Binding::new(&[Char('w')], Write, "w", "write").go_on(),
        PAGES,
        PAGES_UP,
        GO_BACK,
    ],
};

const STRATEGIES: Table = Table {
    name: "my strategies",
    typing: Typing::No,
    bindings: &[
        MOVE,
        MOVE_UP,
        Binding::new(OPEN, Open, "Enter", "its history").go_on(),
        GO_BACK,
    ],
};

const YEAR_CALENDAR: Table = Table {
    name: "the year calendar",
    typing: Typing::No,
    bindings: &[
        Binding::new(
            &[
                Char('['),
                Code(KeyCode::PageUp),
                Code(KeyCode::Up),
                Char('k'),
            ],
            Previous,
            "[ ]",
            "a year back, forward",
        ),
        Binding::also(
            &[
                Char(']'),
                Code(KeyCode::PageDown),
                Code(KeyCode::Down),
                Char('j'),
            ],
            Next,
        ),
        GO_BACK.go_on(),
    ],
};

const PROGRESS: Table = Table {
    name: "progress",
    typing: Typing::No,
    bindings: &[
        Binding::new(&[Char('a')], FilterArea, "a", "area"),
        Binding::new(&[Char('r')], FilterRange, "r R", "time, period"),
        PICK_A_PERIOD,
        Binding::new(&[Char('m')], CycleMeasure, "m", "measure"),
        // The chart's two choices on one line, as Ctrl-U and Ctrl-W are, so the footer
        // keeps room for the others.
        Binding::new(
            &[Char('b')],
            ToggleAfterRatings,
            "b M",
            "after; monthly means",
        ),
        Binding::also(&[Char('M')], ToggleMonthlyMeans),
        Binding::new(&[Char('S')], ToggleStreaks, "S", "show or hide streaks"),
        Binding::new(&[Char('w')], ToggleByMonth, "w", "by week or month"),
        Binding::new(&[Char('y')], YearCalendar, "y", "year"),
        GO_BACK.go_on(),
    ],
};

const STEP: Table = Table {
    name: "an exercise's steps",
    typing: Typing::Step,
    bindings: &[
        Binding::new(&[Code(KeyCode::Tab)], Next, "Tab", "next").go_on(),
        Binding::new(&[Code(KeyCode::BackTab)], Previous, "Shift-Tab", "back"),
        Binding::new(ESC, Leave, "Esc", "leave"),
        Binding::new(&[Ctrl('e')], EditInEditor, "Ctrl-E", "$EDITOR"),
    ],
};

const REVIEW: Table = Table {
    name: "an exercise's review",
    typing: Typing::No,
    bindings: &[
        Binding::new(&[Code(KeyCode::Enter), Char('s')], Save, "Enter s", "save").go_on(),
        SCROLL,
        MOVE_UP,
        Binding::unshown(PAGE_DOWN, PageDown),
        PAGES_UP,
        Binding::new(
            &[Char('b'), Code(KeyCode::BackTab), Code(KeyCode::Left)],
            BackToSteps,
            "b Shift-Tab",
            "back to the steps",
        ),
        Binding::new(ESC, Leave, "Esc", "leave"),
    ],
};

const DONE: Binding = Binding::new(
    &[
        Code(KeyCode::Enter),
        Code(KeyCode::Esc),
        Char('q'),
        Char('h'),
    ],
    Open,
    "Enter",
    "done",
)
.go_on();

const SAVED: Table = Table {
    name: "an exercise saved",
    typing: Typing::No,
    bindings: &[DONE, Binding::unshown(&[Char('p')], MakePlan)],
};

const SAVED_WITH_PRACTICE: Table = Table {
    name: "an exercise saved",
    typing: Typing::No,
    bindings: &[
        DONE,
        Binding::new(&[Char('p')], MakePlan, "p", "make the practice a plan"),
    ],
};

const READING: Table = Table {
    name: "help, safety and what is read in a window",
    typing: Typing::No,
    bindings: &[
        Binding::new(
            &[
                Code(KeyCode::Esc),
                Code(KeyCode::Enter),
                Char('q'),
                Char('?'),
                Char('!'),
            ],
            Back,
            "Esc",
            "close",
        )
        .go_on(),
        SCROLL,
        MOVE_UP,
    ],
};

// The questions' keys are drawn as the question's answers, one line each, in these
// words; a click on a line does what its key does.

const QUIT: Table = Table {
    name: "the question before quitting",
    typing: Typing::No,
    bindings: &[
        Binding::new(
            &[Char('y'), Char('Y'), Code(KeyCode::Enter)],
            Yes,
            "y",
            "keep a draft and quit",
        )
        .go_on(),
        Binding::new(
            &[Char('n'), Char('N'), Code(KeyCode::Esc)],
            No,
            "n Esc",
            "stay",
        ),
    ],
};

const DELETE: Table = Table {
    name: "the question before deleting",
    typing: Typing::No,
    bindings: &[
        Binding::new(
            &[Char('y'), Char('Y'), Code(KeyCode::Enter)],
            Yes,
            "y",
            "delete",
        )
        .go_on(),
        Binding::new(
            &[Char('e'), Char('E')],
            DeleteAndErase,
            "e",
            "delete and erase now",
        ),
        Binding::new(
            &[Char('n'), Char('N'), Code(KeyCode::Esc)],
            No,
            "n Esc",
            "keep it",
        ),
    ],
};

const ERASE_OLD: Table = Table {
    name: "the question whether to erase old text",
    typing: Typing::No,
    bindings: &[
        Binding::new(&[Char('y'), Char('Y')], Yes, "y", "erase the old text now").go_on(),
        Binding::new(
            &[
                Char('n'),
                Char('N'),
                Code(KeyCode::Esc),
                Code(KeyCode::Enter),
            ],
            No,
            "n Esc",
            "not now",
        ),
    ],
};

const LEAVE: Table = Table {
    name: "the question before leaving an exercise",
    typing: Typing::No,
    bindings: &[
        Binding::new(
            &[Char('y'), Char('Y'), Char('k'), Code(KeyCode::Enter)],
            Yes,
            "y",
            "keep a draft and leave",
        )
        .go_on(),
        Binding::new(&[Char('d'), Char('D')], Discard, "d", "discard my answers"),
        Binding::new(
            &[Char('n'), Char('N'), Code(KeyCode::Esc)],
            No,
            "Esc",
            "stay",
        ),
    ],
};

const RESUME: Table = Table {
    name: "the question whether to resume a draft",
    typing: Typing::No,
    bindings: &[
        Binding::new(
            &[Char('r'), Char('R'), Code(KeyCode::Enter)],
            Yes,
            "r Enter",
            "go on where I left off",
        )
        .go_on(),
        Binding::new(
            &[Char('n'), Char('N')],
            StartAfresh,
            "n",
            "start afresh (the draft is removed)",
        ),
        Binding::new(ESC, No, "Esc", "cancel"),
    ],
};

const REPLACE: Table = Table {
    name: "the question whether to replace a pack",
    typing: Typing::No,
    bindings: &[
        Binding::new(&[Char('y'), Char('Y')], Yes, "y", "replace it").go_on(),
        Binding::new(
            &[Char('n'), Char('N'), Code(KeyCode::Esc)],
            No,
            "n Esc",
            "keep the installed one",
        ),
    ],
};

const PICK: Table = Table {
    name: "choosing a plan",
    typing: Typing::No,
    bindings: &[
        MOVE,
        MOVE_UP,
        Binding::new(&[Code(KeyCode::Enter)], Open, "Enter", "choose").go_on(),
        Binding::new(&[Code(KeyCode::Esc), Char('q')], Back, "Esc", "cancel"),
    ],
};

const DISCUSSED: Table = Table {
    name: "the question after a session",
    typing: Typing::No,
    bindings: &[
        Binding::new(&[Code(KeyCode::Enter)], Yes, "Enter", "unflag the ticked").go_on(),
        MOVE,
        MOVE_UP,
        Binding::new(&[Char(' '), Char('x')], Mark, "Space", "tick"),
        Binding::new(
            &[Code(KeyCode::Esc), Char('q')],
            No,
            "Esc",
            "skip, keep every flag",
        ),
    ],
};

/// Whether `overlay` is a text read over the screen (help, the safety screen, a
/// preview): those whose keys, in [`overlay_bindings`], only scroll and close.
fn reads_over(overlay: &Overlay) -> bool {
    matches!(
        overlay,
        Overlay::Help | Overlay::Safety | Overlay::Preview { .. } | Overlay::Read { .. }
    )
}

/// The keys of a window over the screen.
pub fn overlay_bindings(own: &OwnKeys, overlay: &Overlay) -> Vec<Binding> {
    let table = match overlay {
        Overlay::Help | Overlay::Safety | Overlay::Preview { .. } | Overlay::Read { .. } => READING,
        Overlay::Confirm(question) => confirm_table(question),
        Overlay::PickPlan { .. } => PICK,
        Overlay::PickPeriod { .. } => PICK_PERIOD,
        Overlay::Discussed { .. } => DISCUSSED,
    };
    applied(own, &table)
}

/// The keys of a question, which it draws as its answers.
pub fn confirm_bindings(own: &OwnKeys, question: &Confirm) -> Vec<Binding> {
    applied(own, &confirm_table(question))
}

fn confirm_table(question: &Confirm) -> Table {
    match question {
        Confirm::LeaveRunner => LEAVE,
        Confirm::Resume(_) => RESUME,
        Confirm::ReplacePack { .. } => REPLACE,
        Confirm::Quit => QUIT,
        Confirm::Delete(_) => DELETE,
        Confirm::EraseOld(_) => ERASE_OLD,
    }
}

/// `table`'s bindings with the keys of one's own.
fn applied(own: &OwnKeys, table: &Table) -> Vec<Binding> {
    own.apply(table.bindings, table.typing)
}

/// The safety, hide and quit keys that work whatever is open, dialogs included.
pub fn always(own: &OwnKeys) -> Vec<Binding> {
    applied(own, &WHILE_TYPING)
}

/// `?` and `!`, which work whenever no text is being typed.
pub fn when_not_typing(own: &OwnKeys) -> Vec<Binding> {
    applied(own, &EVERYWHERE)
}

/// Every table of keys with the keys that work everywhere alongside it: what keys
/// of one's own are checked against (`tui::own_keys::resolve`).
pub fn places() -> Vec<[Table; 2]> {
    let beside_everywhere = [
        WELCOME,
        HOME,
        AREA,
        JOURNAL,
        ENTRY,
        PREP,
        LOOK_BACK,
        YEAR_CALENDAR,
        PACKS,
        REPORT,
        STRATEGIES,
        PROGRESS,
        STEP,
        REVIEW,
        SAVED,
        SAVED_WITH_PRACTICE,
    ];
    let beside_typing = [
        FIND,
        JOURNAL_TYPING,
        PACKS_TYPING,
        STEP,
        READING,
        PICK,
        PICK_PERIOD,
        DISCUSSED,
        QUIT,
        DELETE,
        ERASE_OLD,
        LEAVE,
        RESUME,
        REPLACE,
    ];
    let everywhere = beside_everywhere.map(|table| [EVERYWHERE, table]);
    let typing = beside_typing.map(|table| [WHILE_TYPING, table]);
    everywhere
        .into_iter()
        .chain(typing)
        .chain([[NOTHING_ELSE, LOCK]])
        .collect()
}

/// The lock screen's keys, with the keys of one's own.
pub fn lock_bindings(own: &OwnKeys) -> Vec<Binding> {
    applied(own, &LOCK)
}

/// The keys of one's own that `choices` give, checked against every table.
pub fn own_keys(choices: &[crate::settings::OwnKey]) -> (OwnKeys, Vec<crate::settings::Problem>) {
    crate::tui::own_keys::resolve(choices, &places())
}

/// The table of the current screen, without the keys that work everywhere; the
/// runner's are made for its step ([`screen_bindings`]).
fn screen_table(state: &State) -> Table {
    match &state.screen {
        Screen::Welcome => WELCOME,
        Screen::Home => HOME,
        Screen::Area(_) => AREA,
        Screen::Runner => STEP,
        Screen::Journal if state.browser.typing => JOURNAL_TYPING,
        Screen::Journal => JOURNAL,
        Screen::Entry { .. } => ENTRY,
        Screen::Prep { .. } | Screen::Strategy { .. } | Screen::Sessions { .. } => PREP,
        Screen::LookBack { .. } => LOOK_BACK,
        Screen::YearCalendar { .. } => YEAR_CALENDAR,
        Screen::Packs if state.packs.typing.is_some() => PACKS_TYPING,
        Screen::Packs => PACKS,
        Screen::Report => REPORT,
        Screen::Strategies { .. } => STRATEGIES,
        Screen::Progress => PROGRESS,
        Screen::Find(_) => FIND,
    }
}

/// The keys of the current screen, with the keys of one's own, without the ones
/// that work everywhere: what `update` dispatches through.
pub fn screen_bindings(state: &State) -> Vec<Binding> {
    let table = match &state.screen {
        Screen::Runner => return runner_bindings(state),
        _ => screen_table(state),
    };
    applied(&state.own_keys, &table)
}

/// The keys that do `action` on the current screen, as the footer shows them ("Tab",
/// or the keys of one's own); `None` when nothing does it there.
pub fn shown_keys(state: &State, action: Action) -> Option<Cow<'static, str>> {
    screen_bindings(state)
        .into_iter()
        .filter(|binding| binding.action == Some(action))
        .find_map(|binding| binding.shown.map(|(keys, _)| keys))
}

/// The action `key` stands for on the current screen.
pub fn screen_action(state: &State, key: Key) -> Option<Action> {
    crate::tui::keymap::action(&screen_bindings(state), key)
}

/// The keys that work everywhere on the current screen: fewer while text is typed.
fn global_bindings(state: &State) -> Vec<Binding> {
    if state.captures_text() {
        always(&state.own_keys)
    } else {
        when_not_typing(&state.own_keys)
    }
}

/// Every key of the current screen (or of the window over it) with what it does, in
/// the order the footer shows them: the key that moves on first, then the screen's
/// own, then those that work everywhere.
pub fn keys(state: &State) -> Vec<(Cow<'static, str>, &'static str)> {
    // A window that asks or picks takes the keys: the screen's own behind it do
    // nothing then. (Help and the texts read over a screen only scroll and close; the
    // footer goes on naming the screen's keys, which help lists.)
    let own = match &state.overlay {
        Some(overlay) if !reads_over(overlay) => overlay_bindings(&state.own_keys, overlay),
        _ => screen_bindings(state),
    };
    let go_on = own.iter().filter(|b| b.go_on);
    let rest = own.iter().filter(|b| !b.go_on);
    let mut keys: Vec<(Cow<'static, str>, &'static str)> = Vec::new();
    let shown = go_on
        .chain(rest)
        .cloned()
        .chain(global_bindings(state))
        .filter_map(|binding| binding.shown);
    // Keys of one's own can make two lines the same (quit on home and everywhere).
    for line in shown {
        if !keys.contains(&line) {
            keys.push(line);
        }
    }
    keys
}

/// The keys the footer keeps room for whatever the screen has: help, when no text
/// is typed, and the safety screen, always (the safety screen is one key away, and
/// says so).
pub fn kept_in_footer(state: &State) -> Vec<(Cow<'static, str>, &'static str)> {
    let kept = if state.captures_text() { 1 } else { 2 };
    global_bindings(state)
        .into_iter()
        .take(kept)
        .filter_map(|binding| binding.shown)
        .collect()
}

/// The runner's keys: a step's go on (Tab), then what the step's own input takes,
/// then the rest; the review's and the end's.
fn runner_bindings(state: &State) -> Vec<Binding> {
    let Some(runner) = &state.runner else {
        return Vec::new();
    };
    let table = match runner.phase {
        Phase::Steps => {
            let input = &runner.inputs[runner.index];
            let step = STEP.bindings;
            let mut keys = vec![Binding {
                shown: Some((Cow::Borrowed("Tab"), input.next_label(runner.step()))),
                ..step[0].clone()
            }];
            keys.extend(
                input
                    .keys(runner.step())
                    .into_iter()
                    .map(|(label, help)| Binding::hint(label, help)),
            );
            keys.extend_from_slice(&step[1..3]);
            if input.text().is_some() {
                keys.push(step[3].clone());
            } else {
                keys.push(step[3].clone().hidden());
            }
            return state.own_keys.apply(&keys, STEP.typing);
        }
        Phase::Review => REVIEW,
        Phase::Saved(_) if runner.offers_practice() => SAVED_WITH_PRACTICE,
        Phase::Saved(_) => SAVED,
    };
    applied(&state.own_keys, &table)
}
