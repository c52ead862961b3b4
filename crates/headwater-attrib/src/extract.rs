//! The rule-based extractor: quotes first, then cue-anchored indirect speech, then nesting and
//! source resolution.
//!
//! Everything works on tokens + sentences; `doc.syntax` (subjects of cue verbs) and
//! `doc.mentions` (source kinds and entity resolution) sharpen the result when present.

use crate::bounds::{end_hash, EndModel, NEND};
use crate::cuemodel::{
    features, filt_hash, CueModel, FilterModel, TokenView, FILT_SIZE, NFEAT, NFILT,
};
use crate::lexicon::{CueClass, CueLexicon};
use headwater_doc::{
    Attribution, AttributionType, Document, EntityLabel, Mention, SourceKind, SourceRef, Span,
    TokenKind, Upos,
};

/// Tunable knobs of the extractor.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ExtractOptions {
    /// Minimum cue weight for a verb to anchor an indirect attribution.
    pub verb_threshold: f32,
    /// Minimum number of word tokens for a quotation to count as a direct quote (shorter ones
    /// are scare quotes or mixed quotes).
    pub min_direct_words: usize,
    /// How many sentences back a floating quote may look for the source it inherits.
    pub floating_window: usize,
    /// Drop cue candidates the tagger reads as nouns/adjectives (when tags exist).
    pub pos_gate: bool,
    /// Extra cue-model score a word outside the lexicon needs to count as a cue.
    pub oov_margin: f32,
    /// Content boundaries from dependency arcs, when the parser ran: 0 never, 1 for verbs
    /// that take a noun-phrase object or an infinitive, 2 for every pre-posed verb cue, 3 as
    /// 1 and a parsed object also licenses a one-word content (`who support Sanders`).
    pub dep_content: u8,
}

impl Default for ExtractOptions {
    fn default() -> Self {
        ExtractOptions {
            verb_threshold: 0.25,
            min_direct_words: 4,
            floating_window: 2,
            pos_gate: false,
            oov_margin: 0.0,
            dep_content: 3,
        }
    }
}

/// A quotation found in the text, as an inclusive token range.
#[derive(Clone, Copy, Debug)]
struct Quote {
    first: usize,
    last: usize,
    words: usize,
}

/// Words that end a source noun phrase when walking left from a cue.
const NP_STOP: &[&str] = &[
    "that", "and", "but", "or", "because", "while", "when", "if", "as", "since", "after", "before",
    "than", "so", "where", "although", "though", "whether", "what", "how", "why", "to", "in", "on",
    "at", "for", "with", "about", "from", "into", "by", "during", "until", "said", "says", "say",
    "told", "is", "was", "are", "were", "be", "not",
];

/// Days and parts of time that end a time adjunct (`on Friday`, `last week`).
const TIME_WORDS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "today",
    "yesterday",
    "tonight",
    "morning",
    "afternoon",
    "evening",
    "night",
    "week",
    "weekend",
    "month",
    "year",
];

/// Words that open a time adjunct before its time word (`on Monday`, `last week`).
const TIME_OPENERS: &[&str] = &["on", "last", "this", "next", "early", "late"];

/// Dotted month abbreviations that name no one (`Jan.`, `Sept.`); with the month names other
/// than `May` and `June`, which are also given names, they make a date ([`month_word`]).
const MONTH_ABBREVIATIONS: &[&str] = &["jan.", "feb.", "aug.", "sept.", "oct.", "nov.", "dec."];

/// Whether lowercase `w` is a month name that is not also a given name, or a dotted
/// abbreviation of one.
fn month_word(w: &str) -> bool {
    (headwater_doc::MONTH_NAMES.contains(&w) && !matches!(w, "may" | "june"))
        || MONTH_ABBREVIATIONS.contains(&w)
}

/// Auxiliaries and adverbs that sit between a source and its cue (`has also said`).
pub(crate) const CUE_MODIFIERS: &[&str] = &[
    "also",
    "has",
    "have",
    "had",
    "previously",
    "later",
    "then",
    "recently",
    "repeatedly",
    "publicly",
    "privately",
    "will",
    "would",
    "could",
    "can",
    "may",
    "might",
    "should",
    "did",
    "does",
    "do",
    "is",
    "was",
    "were",
    "are",
    "been",
    "be",
    "never",
    "once",
    "again",
    "further",
    "earlier",
    "reportedly",
    "often",
    "still",
    "just",
    "already",
    "even",
    "frequently",
    "first",
    "flatly",
    "simply",
    "has",
    "'s",
    "’s",
    "'ve",
    "’ve",
    "'d",
    "’d",
    "'ll",
    "’ll",
    "not",
    "n't",
    "n’t",
    "quickly",
    "long",
    "always",
    "explicitly",
    "openly",
    "widely",
    "initially",
    "subsequently",
    "famously",
    "allegedly",
    "clearly",
    "specifically",
    "directly",
];

const PRONOUNS: &[&str] = &[
    "he", "she", "they", "i", "we", "you", "it", "who", "which", "one", "someone", "everyone",
];

/// Verbs that take an indirect object before the reported clause (`told reporters that`).
const OBJECT_VERBS: &[&str] = &[
    "told",
    "tell",
    "tells",
    "telling",
    "informed",
    "inform",
    "informs",
    "assured",
    "assure",
    "assures",
    "reminded",
    "remind",
    "reminds",
    "warned",
    "warn",
    "warns",
    "warning",
    "urged",
    "urge",
    "urges",
    "advised",
    "advise",
    "asked",
    "ask",
    "asks",
    "asking",
    "convinced",
    "notified",
    "promised",
    "promise",
    "promises",
];

/// Verbs whose complement is usually a whole reported clause, even without `that`.
/// Cue verbs whose object is the addressee of a following to-infinitive (lemmas).
const ADDRESSEE_TO: &[&str] = &[
    "tell",
    "encourage",
    "warn",
    "urge",
    "ask",
    "call",
    "implore",
    "order",
    "remind",
    "advise",
    "press",
    "invite",
    "instruct",
    "beg",
    "challenge",
    "request",
    "caution",
    "exhort",
];

/// Words that open an interrogative or free-relative complement (`told X how …`).
const WH_STARTS: &[&str] = &["how", "why", "whether", "what", "who", "where", "when"];

const CLAUSE_VERBS: &[&str] = &[
    "said",
    "says",
    "say",
    "saying",
    "told",
    "tell",
    "tells",
    "telling",
    "added",
    "adds",
    "adding",
    "wrote",
    "writes",
    "write",
    "writing",
    "argued",
    "argues",
    "argue",
    "arguing",
    "noted",
    "notes",
    "noting",
    "explained",
    "explains",
    "claimed",
    "claims",
    "claiming",
    "insisted",
    "insists",
    "warned",
    "warns",
    "suggested",
    "suggests",
    "believes",
    "believe",
    "believed",
    "think",
    "thinks",
    "thought",
    "stated",
    "states",
    "acknowledged",
    "admitted",
    "tweeted",
    "predicted",
    "predicts",
    "recalled",
    "replied",
    "responded",
    "continued",
    "declared",
    "contended",
    "asserted",
    "reported",
    "reports",
    "argued",
    "concluded",
    "estimated",
    "hopes",
    "hoped",
    "feels",
    "felt",
    "knows",
    "knew",
    "worried",
    "fears",
    "feared",
    "expects",
    "expected",
    "agreed",
    "agrees",
    "conceded",
    "complained",
    "joked",
    "maintained",
    "maintains",
    "indicated",
    "indicates",
    "show",
    "shows",
    "showed",
    "found",
    "finds",
    "suggest",
    "confirmed",
    "confirms",
    "denied",
    "denies",
    "announced",
    "announces",
];

/// Per-document working state; one allocation set per document, none per token.
struct Ctx<'d> {
    doc: &'d Document,
    /// Lowercased text of every token, concatenated; `lower_idx[i]` is token i's range.
    lower: String,
    lower_idx: Vec<(u32, u32)>,
    /// Sentence index per token.
    sent_of: Vec<u32>,
    /// True for tokens that sit inside a direct quotation.
    in_quote: Vec<bool>,
    /// True when the parser filled heads (some token is not its own root).
    has_arcs: bool,
}

impl<'d> Ctx<'d> {
    fn new(doc: &'d Document) -> Ctx<'d> {
        let n = doc.tokens.len();
        let mut lower = String::with_capacity(doc.text.len().min(1 << 26));
        let mut lower_idx = Vec::with_capacity(n);
        for t in &doc.tokens {
            let s = doc.text.get(t.span.range()).unwrap_or("");
            let a = lower.len() as u32;
            for c in s.chars() {
                match c {
                    '’' | '‘' => lower.push('\''),
                    c if c.is_ascii() => lower.push(c.to_ascii_lowercase()),
                    c => lower.extend(c.to_lowercase()),
                }
            }
            lower_idx.push((a, lower.len() as u32));
        }
        let mut sent_of = vec![u32::MAX; n];
        for (si, s) in doc.sentences.iter().enumerate() {
            for i in s.token_range() {
                if let Some(x) = sent_of.get_mut(i) {
                    *x = si as u32;
                }
            }
        }
        Ctx {
            doc,
            lower,
            lower_idx,
            sent_of,
            in_quote: vec![false; n],
            has_arcs: doc.syntax.len() == n && doc.syntax.iter().any(|t| !t.is_root()),
        }
    }

    #[inline]
    fn low(&self, i: usize) -> &str {
        match self.lower_idx.get(i) {
            Some(&(a, b)) => self.lower.get(a as usize..b as usize).unwrap_or(""),
            None => "",
        }
    }

    /// Whether token `i` is a quotation mark.
    #[inline]
    fn is_quote(&self, i: usize) -> bool {
        matches!(self.kind(i), Some(TokenKind::Quote))
    }

    /// The Penn tag of token `i` (empty without tags).
    #[inline]
    fn xpos(&self, i: usize) -> &str {
        self.doc.syntax.get(i).map_or("", |t| t.xpos_str())
    }

    #[inline]
    fn text(&self, i: usize) -> &str {
        self.doc.token_text(i)
    }

    /// Whether tokens `a` and `b` touch, no space between them (`France` `-` `Presse`).
    fn glued(&self, a: usize, b: usize) -> bool {
        let toks = &self.doc.tokens;
        toks.get(a)
            .zip(toks.get(b))
            .is_some_and(|(x, y)| x.span.end == y.span.start)
    }

    #[inline]
    fn kind(&self, i: usize) -> Option<TokenKind> {
        self.doc.tokens.get(i).map(|t| t.kind)
    }

    #[inline]
    fn is_word(&self, i: usize) -> bool {
        matches!(self.kind(i), Some(TokenKind::Word | TokenKind::Number))
    }

    #[inline]
    fn is_cap(&self, i: usize) -> bool {
        self.text(i).chars().next().is_some_and(char::is_uppercase)
    }

    #[inline]
    fn span(&self, first: usize, last: usize) -> Option<Span> {
        let a = self.doc.tokens.get(first)?.span.start;
        let b = self.doc.tokens.get(last)?.span.end;
        (b > a).then_some(Span::new(a, b))
    }

    /// Sentence token range (`start..end`) of token `i`, or a degenerate range around it.
    fn sent_range(&self, i: usize) -> (usize, usize) {
        let si = self.sent_of.get(i).copied().unwrap_or(u32::MAX);
        match self.doc.sentences.get(si as usize) {
            Some(s) => (s.tokens.start as usize, s.tokens.end as usize),
            None => (i, i + 1),
        }
    }

    /// The tagger's UPOS for token `i`, when the tagger ran.
    #[inline]
    fn upos(&self, i: usize) -> Option<Upos> {
        self.doc.syntax.get(i).map(|s| s.upos)
    }

    /// The UPOS name of token `i` (empty when untagged).
    #[inline]
    fn upos_str(&self, i: usize) -> &'static str {
        self.upos(i).map_or("", Upos::as_str)
    }

    fn is_pronoun(&self, i: usize) -> bool {
        PRONOUNS.contains(&self.low(i))
    }

    fn is_punct(&self, i: usize, p: &str) -> bool {
        matches!(self.kind(i), Some(TokenKind::Punct)) && self.text(i) == p
    }

    /// Last content token of a range, dropping sentence-final punctuation.
    fn trim_end(&self, first: usize, mut last: usize) -> usize {
        while last > first {
            let t = self.text(last);
            let drop = matches!(self.kind(last), Some(TokenKind::Punct))
                && matches!(
                    t,
                    "." | "," | ";" | ":" | "—" | "–" | "-" | "--" | "?" | "!"
                );
            if !drop {
                break;
            }
            last -= 1;
        }
        last
    }
}

/// Direction of a straight quote, judged from its neighbours.
fn opens(text: &str, start: usize, end: usize) -> bool {
    let before = text.get(..start).and_then(|s| s.chars().next_back());
    let after = text.get(end..).and_then(|s| s.chars().next());
    let before_space = before.is_none_or(|c| c.is_whitespace() || "([{—–-".contains(c));
    let after_space = after.is_none_or(char::is_whitespace);
    before_space && !after_space
}

/// Finds quotations: curly, straight and guillemets, over several paragraphs when a paragraph
/// opens a quote without closing it and the next one reopens it. An unclosed quote stops at the
/// end of its paragraph, so a stray mark never swallows the rest of the article.
fn find_quotes(ctx: &Ctx) -> Vec<Quote> {
    let doc = ctx.doc;
    let mut out = Vec::new();
    let para_of = |i: usize| -> usize {
        let off = doc.tokens.get(i).map(|t| t.span.start).unwrap_or(0);
        doc.paragraphs.partition_point(|p| p.end <= off)
    };
    let mut open: Option<usize> = None;
    let mut open_para = 0usize;
    let mut last_word_tok = 0usize;
    let mut words = 0usize;
    let mut prev_para = usize::MAX;
    for (i, t) in doc.tokens.iter().enumerate() {
        let para = para_of(i);
        if para != prev_para {
            if let Some(o) = open {
                // A new paragraph with a quote still open: continue only when it reopens.
                let reopens =
                    t.kind == TokenKind::Quote && matches!(ctx.text(i), "“" | "\"" | "«" | "„");
                if reopens && para == open_para + 1 {
                    open_para = para;
                    prev_para = para;
                    continue;
                }
                if i > o + 1 {
                    out.push(Quote {
                        first: o,
                        last: i - 1,
                        words,
                    });
                }
                open = None;
            }
            prev_para = para;
        }
        if t.kind != TokenKind::Quote {
            if open.is_some() && ctx.is_word(i) {
                words += 1;
                last_word_tok = i;
            }
            continue;
        }
        let s = ctx.text(i);
        let dir = match s {
            "“" | "«" | "„" => Some(true),
            // A closing mark that opens a paragraph or follows a space and touches the next
            // word is an opener typed the wrong way (`”Fear. I am …” ― Jane Roe`).
            "”" if open.is_none() => {
                Some(opens(&doc.text, t.span.start as usize, t.span.end as usize))
            }
            "”" | "»" => Some(false),
            "\"" | "``" | "''" => {
                Some(opens(&doc.text, t.span.start as usize, t.span.end as usize))
            }
            _ => None,
        };
        let _ = last_word_tok;
        match (dir, open) {
            (Some(true), None) => {
                open = Some(i);
                open_para = para;
                words = 0;
            }
            (Some(true), Some(_)) => {
                // Stray opener inside an open quote: restart from here.
                open = Some(i);
                open_para = para;
                words = 0;
            }
            (Some(false), Some(o)) => {
                // `'Kosovo is a special case,'''`: a nested quotation closing with the outer
                // one leaves its single mark right after the double one; it belongs inside.
                let last = match doc.tokens.get(i + 1) {
                    Some(n) if n.span.start == t.span.end && ctx.text(i + 1) == "'" => i + 1,
                    _ => i,
                };
                out.push(Quote {
                    first: o,
                    last,
                    words,
                });
                open = None;
            }
            _ => {}
        }
    }
    if let Some(o) = open {
        let last = doc.tokens.len().saturating_sub(1);
        if last > o {
            out.push(Quote {
                first: o,
                last,
                words,
            });
        }
    }
    out
}

/// A cue range and, when found, a source range (token indices, inclusive).
type Attach = ((usize, usize), Option<(usize, usize)>);

/// One candidate attribution under construction (token indices, inclusive ranges).
#[derive(Clone, Debug)]
struct Cand {
    kind: AttributionType,
    cue: Option<(usize, usize)>,
    source: Option<(usize, usize)>,
    content: (usize, usize),
}

/// Lexicon bucket of a word for the cue model: weight bucket (0 unknown) and class.
fn lex_bucket(lex: &CueLexicon, w: &str) -> (u8, u8) {
    match lex.get(w) {
        None => (0, 0),
        Some(e) => {
            let b = match e.weight {
                x if x < 0.2 => 1,
                x if x < 0.4 => 2,
                x if x < 0.7 => 3,
                _ => 4,
            };
            let c = match e.class {
                CueClass::Verb => 0,
                CueClass::Noun => 1,
                CueClass::According => 2,
            };
            (b, c)
        }
    }
}

fn token_features(ctx: &Ctx, lex: &CueLexicon, i: usize, out: &mut [u32; NFEAT]) {
    let (s0, s1) = ctx.sent_range(i);
    let at = |k: isize| -> &str {
        let j = i as isize + k;
        if j < s0 as isize || j >= s1 as isize {
            ""
        } else {
            ctx.low(j as usize)
        }
    };
    let v = TokenView {
        w: [at(-2), at(-1), at(0), at(1), at(2)],
        cap: [i > s0 && ctx.is_cap(i - 1), ctx.is_cap(i)],
        in_quote: ctx.in_quote.get(i).copied().unwrap_or(false),
        to_end: s1.saturating_sub(i + 1),
        from_start: i.saturating_sub(s0),
        lex: lex_bucket(lex, ctx.low(i)),
        pos: [
            if i > s0 { ctx.upos_str(i - 1) } else { "" },
            ctx.upos_str(i),
            if i + 1 < s1 { ctx.upos_str(i + 1) } else { "" },
        ],
        xpos: ctx.xpos(i),
        lemma: if ctx.doc.syntax.is_empty() {
            ctx.low(i)
        } else {
            ctx.doc.lemma(i)
        },
    };
    features(&v, out);
}

/// Calls `f(token, features)` for every word token, with quotation context as the extractor
/// sees it (used to train the cue model on the same view it is applied to).
pub(crate) fn for_each_cue_features(
    doc: &Document,
    lex: &CueLexicon,
    opts: &ExtractOptions,
    mut f: impl FnMut(usize, &str, &[u32; NFEAT]),
) {
    if doc.tokens.is_empty() {
        return;
    }
    let mut ctx = Ctx::new(doc);
    let quotes = find_quotes(&ctx);
    mark_quotes(&mut ctx, &quotes, opts);
    let mut buf = [0u32; NFEAT];
    for i in 0..doc.tokens.len() {
        if ctx.is_word(i) {
            token_features(&ctx, lex, i, &mut buf);
            f(i, ctx.low(i), &buf);
        }
    }
}

/// A quotation counts as direct speech when it is long enough and is not a fragment woven into
/// the sentence (`he said the plan “was not ready.”` is indirect speech with a quoted part).
fn is_direct(ctx: &Ctx, q: &Quote, opts: &ExtractOptions) -> bool {
    if q.words < opts.min_direct_words {
        // `“I love you,” he said.`: a short quotation that opens its sentence and closes on a
        // comma, question or exclamation mark is speech, where a scare quote never is.
        let (s0, _) = ctx.sent_range(q.first);
        let opens_sentence = q.words > 0 && (s0..q.first).all(|j| !ctx.is_word(j));
        let spoken_end = ctx.is_quote(q.last)
            && q.last.checked_sub(1).is_some_and(|j| {
                matches!(ctx.kind(j), Some(TokenKind::Punct))
                    && matches!(ctx.text(j), "," | "?" | "!")
            });
        if !(opens_sentence && spoken_end) {
            return false;
        }
    }
    let first_word = (q.first + 1..=q.last).find(|&j| ctx.is_word(j));
    let lower =
        first_word.is_some_and(|j| ctx.text(j).chars().next().is_some_and(char::is_lowercase));
    // After a comma (`…,” she said, “and …”`) a lowercase start is the second half of a split
    // quote, not a fragment.
    if lower && q.first > 0 && ctx.is_word(q.first - 1) {
        let (s0, _) = ctx.sent_range(q.first);
        let words_before = (s0..q.first).filter(|&j| ctx.is_word(j)).count();
        if words_before > 0 {
            return false;
        }
    }
    true
}

fn mark_quotes(ctx: &mut Ctx, quotes: &[Quote], opts: &ExtractOptions) {
    let direct: Vec<Quote> = quotes
        .iter()
        .copied()
        .filter(|q| is_direct(ctx, q, opts))
        .collect();
    for q in direct {
        for x in ctx.in_quote.get_mut(q.first..=q.last).into_iter().flatten() {
            *x = true;
        }
    }
}

/// Margins at or above this switch the detector off for words outside the lexicon.
const OOV_OFF: f32 = 50.0;

/// Whether a word outside the lexicon may be scored as a cue: a tagged verb, when the margin
/// leaves the detector on for such words.
fn oov_candidate(ctx: &Ctx, opts: &ExtractOptions, i: usize) -> bool {
    opts.oov_margin < OOV_OFF && ctx.upos(i) == Some(Upos::Verb)
}

/// Runs the extractor over `doc` and returns attributions sorted by content start.
pub(crate) fn extract(
    doc: &Document,
    lex: &CueLexicon,
    model: Option<&CueModel>,
    opts: &ExtractOptions,
) -> Vec<Attribution> {
    let mut ends = match model.and_then(|m| m.ends.as_ref()) {
        Some(m) => Ends::Learned(m),
        None => Ends::Rules,
    };
    let mut filter = match model.and_then(|m| m.filter.as_ref()) {
        Some(f) => Filter::Apply(f),
        None => Filter::Off,
    };
    extract_with(doc, lex, model, opts, &mut ends, &mut filter)
}

/// The detector score a token needs to be proposed as a cue: the model's own threshold, or
/// the strict one its filter stores where the filter does not apply (untagged text).
fn detector_threshold(m: &CueModel, ctx: &Ctx) -> f32 {
    match &m.filter {
        Some(f) if ctx.doc.syntax.is_empty() => f.detector_threshold,
        _ => m.threshold,
    }
}

/// How cue `i` of candidate `c` sits among the candidates kept before it: inside an earlier
/// content that ends where its own does (a stance word within a reported clause, which
/// annotators rarely mark apart), inside one ending elsewhere, or in none.
fn nesting(cands: &[Cand], c: &Cand, i: usize) -> &'static str {
    let mut out = "free";
    for p in cands.iter().rev().take(8) {
        if p.content.0 <= i && i <= p.content.1 {
            if p.content.1 == c.content.1 {
                return "same-end";
            }
            out = "inside";
        }
    }
    out
}

/// Whether a candidate's content is a one-word answer (`said yes`, `said so`).
fn one_word_answer(ctx: &Ctx, c: &Cand) -> bool {
    c.content.0 == c.content.1 && matches!(ctx.low(c.content.0), "yes" | "no" | "so")
}

/// Whether a candidate is a participle of a speech verb after a comma taking a `that` clause
/// (`…, claiming that …`): the sentence's subject reports it, whatever content it hangs in.
/// The first subject in `a..=b` that opens a new clause after a closing quotation mark or a
/// comma, with a finite verb after it (`… terrorism" Porter concludes`): where a sentence's
/// main clause starts after an opening participial phrase that had no comma of its own.
fn main_clause_subject(ctx: &Ctx, a: usize, b: usize) -> Option<usize> {
    let syn = &ctx.doc.syntax;
    (a.max(1)..=b).find(|&j| {
        let boundary = ctx.is_punct(j - 1, ",")
            || (ctx.is_quote(j - 1) && !ctx.in_quote.get(j).copied().unwrap_or(true));
        boundary
            && !PRONOUNS.contains(&ctx.low(j))
            && syn.get(j).is_some_and(|t| {
                let h = t.head as usize;
                !t.is_root()
                    && t.deprel.base() == "nsubj"
                    && h > j
                    && syn
                        .get(h)
                        .is_some_and(|v| matches!(v.xpos_str(), "VBZ" | "VBD" | "VBP"))
            })
    })
}

/// A cue whose clause follows a sentence-opening participle that took no source (`Denouncing
/// X as a figure who "…" Porter concludes that …`): the participle's content runs over it,
/// which the filter reads as a duplicate, yet the clause is the sentence's main statement.
fn after_opening_participle(ctx: &Ctx, cands: &[Cand], c: &Cand) -> bool {
    let (Some((ca, _)), Some(src)) = (c.cue, c.source) else {
        return false;
    };
    let (s0, _) = ctx.sent_range(ca);
    syntax_subject(ctx, ca) == Some(src)
        && main_clause_subject(ctx, src.0, src.0) == Some(src.0)
        && cands.iter().rev().take(8).any(|p| {
            p.source.is_none()
                && p.cue.is_some_and(|(pa, pb)| {
                    pa == s0
                        && ctx
                            .doc
                            .syntax
                            .get(pb)
                            .is_some_and(|t| t.xpos_str() == "VBG")
                })
                && p.content.0 <= ca
                && ca <= p.content.1
        })
}

/// `…, two officials told the Harbor Wire on condition of anonymity.`: a post-posed `tell`
/// whose source stands between the reported clause and the cue, and whose content is a
/// clause of its own, is speech whatever the filter makes of the verb.
fn post_posed_tell(ctx: &Ctx, c: &Cand) -> bool {
    let (Some((ca, cb)), Some((s0, s1))) = (c.cue, c.source) else {
        return false;
    };
    let (c0, c1) = c.content;
    ctx.doc.lemma(cb) == "tell"
        && c.kind == AttributionType::Indirect
        && c1 < s0
        && s1 < ca
        && ctx.is_punct(c1 + 1, ",")
        && (c0..=c1).any(|j| matches!(ctx.upos(j), Some(Upos::Verb | Upos::Aux)))
        && (c0..=c1).any(|j| {
            ctx.doc
                .syntax
                .get(j)
                .is_some_and(|t| t.deprel.base() == "nsubj")
        })
}

/// `The news agency based its report on two officials who asked not to be named`: whom a
/// report rests on is the sourcing a reader checks, whatever the detector and the filter make
/// of the verb. `i` is the verb; a report noun follows within three words, then `on`.
fn based_report_on(ctx: &Ctx, i: usize) -> bool {
    let (_, s1) = ctx.sent_range(i);
    if ctx.doc.lemma(i) != "base" || ctx.upos(i) != Some(Upos::Verb) {
        return false;
    }
    let noun = (i + 1..(i + 4).min(s1)).find(|&j| {
        matches!(
            ctx.doc.lemma(j),
            "report" | "story" | "account" | "article" | "reporting" | "claim" | "finding"
        )
    });
    noun.is_some_and(|n| ctx.low(n + 1) == "on")
}

/// A cue whatever the detector makes of it: speech reported at second hand (`… cites two
/// anonymous officials …`, `based its report on two officials`) and a declined request for
/// comment.
fn forced_cue(ctx: &Ctx, i: usize) -> bool {
    cited_phrase(ctx, i, i).is_some() || based_report_on(ctx, i) || no_reply(ctx, i)
}

/// `The campaign did not respond to requests for comment`: the reporter's stock line for a
/// source that declined to speak, which PolNeAR annotates as a statement (about two in three
/// times in train); like [`based_report_on`] it needs neither detector nor filter.
fn no_reply(ctx: &Ctx, i: usize) -> bool {
    if ctx.doc.lemma(i) != "respond" || ctx.upos(i) != Some(Upos::Verb) {
        return false;
    }
    let (s0, s1) = ctx.sent_range(i);
    (i.saturating_sub(3).max(s0)..i).any(|j| matches!(ctx.low(j), "not" | "n't"))
        && (i + 1..(i + 9).min(s1)).any(|j| {
            matches!(
                ctx.low(j),
                "request" | "requests" | "comment" | "questions" | "inquiries" | "messages"
            )
        })
}

/// `X had told him that …` with a subject of its own: the frame leaves no doubt that someone
/// reports something, even inside another report's content where the filter reads a cue
/// sharing that content's end as a duplicate (`Hersh reported that an official had told
/// him that …`).
fn told_that(ctx: &Ctx, c: &Cand) -> bool {
    let (Some((_, cb)), Some(src)) = (c.cue, c.source) else {
        return false;
    };
    matches!(ctx.doc.lemma(cb), "tell")
        && matches!(ctx.low(cb + 1), "him" | "her" | "them" | "me" | "us")
        && ctx.low(cb + 2) == "that"
        && c.content.0 == cb + 2
        && syntax_subject(ctx, cb) == Some(src)
}

fn participial_report(ctx: &Ctx, lex: &CueLexicon, c: &Cand) -> bool {
    let Some((a, b)) = c.cue else { return false };
    a == b
        && a > 0
        && ctx.is_punct(a - 1, ",")
        && ctx.low(b).ends_with("ing")
        && c.content.0 == b + 1
        && ctx.low(b + 1) == "that"
        && lex.get(ctx.low(b)).is_some_and(|e| e.weight >= 0.5)
}

/// `… a source who confirmed that …`: a speech verb of a relative clause whose subject is the
/// relative pronoun, with a `that` clause, reports for the antecedent whatever the filter makes
/// of it.
fn relative_report(ctx: &Ctx, lex: &CueLexicon, c: &Cand) -> bool {
    let Some((a, b)) = c.cue else { return false };
    let Some(t) = ctx.doc.syntax.get(b).filter(|_| ctx.has_arcs) else {
        return false;
    };
    a == b
        && a > 0
        && t.deprel.as_str() == "acl:relcl"
        && matches!(ctx.low(a - 1), "who" | "which")
        && c.content.0 == b + 1
        && ctx.low(b + 1) == "that"
        && lex.get(ctx.low(b)).is_some_and(|e| e.weight >= 0.5)
}

/// What the extractor does with each cue-anchored candidate.
pub(crate) enum Filter<'a> {
    /// Keep every candidate the detector and frame rules build.
    Off,
    /// Keep those the candidate filter scores at or above its threshold.
    Apply(&'a FilterModel),
    /// Keep every candidate and record its features (training).
    Collect(&'a mut Vec<FilterCand>),
}

/// One candidate as the filter sees it, for training.
pub(crate) struct FilterCand {
    /// The cue (inclusive token range).
    pub cue: (usize, usize),
    /// The content (inclusive token range).
    pub content: (usize, usize),
    pub feats: [u32; NFILT],
}

/// Dependents of cue `i` the filter asks about, as a string of flags: a clausal complement, an
/// object, an open complement, a subject, a passive subject, an oblique, an adverbial clause,
/// a negation.
fn cue_dependents(ctx: &Ctx, i: usize) -> [u8; 8] {
    let mut flags = *b"00000000";
    if !ctx.has_arcs {
        return flags;
    }
    let (s0, s1) = ctx.sent_range(i);
    for j in s0..s1 {
        let Some(t) = ctx.doc.syntax.get(j) else {
            break;
        };
        if t.is_root() || t.head as usize != i || j == i {
            continue;
        }
        let k = match t.deprel.base() {
            "ccomp" => 0,
            "obj" => 1,
            "xcomp" => 2,
            "nsubj" => 3,
            "nsubj:pass" => 4,
            "obl" => 5,
            "advcl" => 6,
            "advmod" if matches!(ctx.low(j), "not" | "n't" | "never") => 7,
            _ => continue,
        };
        if let Some(x) = flags.get_mut(k) {
            *x = b'1';
        }
    }
    flags
}

/// Feature ids of one candidate for the filter: `i` is the token the detector scored `det`.
fn filter_features(
    ctx: &Ctx,
    lex: &CueLexicon,
    c: &Cand,
    i: usize,
    det: f32,
    token: &[u32; NFEAT],
    nest: &str,
) -> [u32; NFILT] {
    let syn = &ctx.doc.syntax;
    let lemma = if syn.is_empty() {
        ctx.low(i)
    } else {
        ctx.doc.lemma(i)
    };
    let xpos = ctx.xpos(i);
    let (deprel, head_pos) = match syn.get(i).filter(|_| ctx.has_arcs) {
        Some(t) if !t.is_root() => (t.deprel.base(), ctx.upos_str(t.head as usize)),
        Some(_) => ("root", ""),
        None => ("", ""),
    };
    let deps = cue_dependents(ctx, i);
    let deps = std::str::from_utf8(&deps).unwrap_or("");
    // The detector's score in half-unit steps, clipped.
    let dets = [
        "<-4", "-4", "-3.5", "-3", "-2.5", "-2", "-1.5", "-1", "-0.5", "0", "0.5", "1", "1.5", "2",
        "2.5", "3", "3.5", ">4",
    ];
    let db = ((det * 2.0).floor() as i64 + 9).clamp(0, dets.len() as i64 - 1) as usize;
    let det_s = dets.get(db).copied().unwrap_or("");
    let (c0, c1) = c.content;
    let side = if c0 > i { "after" } else { "before" };
    let words = (c0..=c1).filter(|&j| ctx.is_word(j)).count();
    let len = bucket(words);
    let first = end_class(ctx, c0);
    let last = end_class(ctx, c1);
    let (s0, s1) = ctx.sent_range(i);
    let at = |k: isize| -> &str {
        let j = i as isize + k;
        if j < s0 as isize || j >= s1 as isize {
            "<s>"
        } else {
            ctx.low(j as usize)
        }
    };
    let src = match c.source {
        None => "none",
        Some((a, b)) => {
            let h = span_head(ctx, a, b);
            if ctx.is_pronoun(h) {
                "pron"
            } else {
                match ctx.upos(h) {
                    Some(Upos::Propn) => "propn",
                    Some(Upos::Noun) => "noun",
                    _ if ctx.is_cap(h) => "cap",
                    _ => "other",
                }
            }
        }
    };
    let kind = c.kind.as_str();
    // What the source names (a person, an organization, an outlet, a document, nobody …).
    let skind = c.source.map_or("none", |s| source_kind(ctx, s).0.as_str());
    let lexb = lex_bucket(lex, ctx.low(i));
    let lexs = [
        "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14",
    ];
    let lx = lexs
        .get((lexb.0 as usize) * 3 + lexb.1 as usize)
        .copied()
        .unwrap_or("");
    let multi = if c.cue.is_some_and(|(a, b)| b > a) {
        "multi"
    } else {
        "one"
    };
    // The content's own head word, and the auxiliary or infinitive marker on the cue
    // (`would consider`, `to discuss`).
    let ch = if ctx.has_arcs {
        parsed_head(ctx, c0, c1)
    } else {
        c0
    };
    let ch_pos = ctx.upos_str(ch);
    let ch_lemma = if syn.is_empty() {
        ctx.low(ch)
    } else {
        ctx.doc.lemma(ch)
    };
    let aux = if ctx.has_arcs {
        (s0..i)
            .rev()
            .find(|&j| {
                syn.get(j).is_some_and(|t| {
                    !t.is_root()
                        && t.head as usize == i
                        && matches!(t.deprel.base(), "aux" | "mark" | "aux:pass")
                })
            })
            .map_or("-", |j| ctx.low(j))
    } else {
        "-"
    };
    let quoted = (c0..=c1).any(|j| ctx.is_quote(j));
    let mut out = [0u32; NFILT];
    let own = [
        filt_hash(32, &[ch_pos, side]),
        filt_hash(33, &[ch_lemma]),
        filt_hash(34, &[aux]),
        filt_hash(35, &[aux, lemma]),
        filt_hash(36, &[if quoted { "q" } else { "-" }, side, kind]),
        filt_hash(37, &[lemma, ch_pos]),
        filt_hash(38, &[det_s, ch_pos]),
        filt_hash(39, &[bucket(c0.abs_diff(i)), side]),
        filt_hash(
            40,
            &[
                bucket(
                    c.source
                        .map_or(99, |(a, b)| a.abs_diff(i).min(b.abs_diff(i))),
                ),
                src,
            ],
        ),
        filt_hash(0, &[]),
        filt_hash(1, &[det_s]),
        filt_hash(2, &[lemma]),
        filt_hash(3, &[lemma, det_s]),
        filt_hash(4, &[xpos, det_s]),
        filt_hash(5, &[deps]),
        filt_hash(6, &[lemma, deps]),
        filt_hash(7, &[deprel, head_pos]),
        filt_hash(8, &[lemma, deprel]),
        filt_hash(9, &[side, len]),
        filt_hash(10, &[lemma, side]),
        filt_hash(11, &[first, side]),
        filt_hash(12, &[lemma, first]),
        filt_hash(13, &[last]),
        filt_hash(14, &[src, side]),
        filt_hash(15, &[lemma, src]),
        filt_hash(16, &[kind, lx]),
        filt_hash(17, &[at(-1)]),
        filt_hash(18, &[at(1)]),
        filt_hash(19, &[lemma, at(1)]),
        filt_hash(20, &[at(-1), lemma]),
        filt_hash(21, &[xpos, deps]),
        filt_hash(22, &[deps, side, src]),
        filt_hash(23, &[multi, lx]),
        filt_hash(24, &[xpos, deprel, det_s]),
        filt_hash(25, &[lemma, len]),
        filt_hash(26, &[bucket(i.saturating_sub(s0)), side]),
        filt_hash(27, &[first, at(1), xpos]),
        filt_hash(28, &[nest, side]),
        filt_hash(29, &[nest, lemma]),
        filt_hash(30, &[skind, side]),
        filt_hash(31, &[skind, lemma]),
    ];
    // The detector's own token features, relearned on candidates: what tells a cue from a
    // non-cue among all words is not what tells a good candidate from a bad one.
    for (o, x) in
        out.iter_mut().zip(own.iter().copied().chain(
            token.iter().map(|&x| {
                ((x ^ 0x5bd1_e995).wrapping_mul(0x9e37_79b1) >> 7) & (FILT_SIZE as u32 - 1)
            }),
        ))
    {
        *o = x;
    }
    out
}

/// What the extractor does with the end of a cue-anchored content.
pub(crate) enum Ends<'a> {
    /// Keep the rules' end.
    Rules,
    /// Let the ranker choose among the candidate ends.
    Learned(&'a EndModel),
    /// Keep the rules' end and record every candidate set (training).
    Collect(&'a mut Vec<EndCands>),
}

/// The candidate ends of one content, for training the end ranker.
pub(crate) struct EndCands {
    /// The cue (inclusive token range).
    pub cue: (usize, usize),
    /// The content's first token.
    pub start: usize,
    /// The rules' last token.
    pub rule: usize,
    /// Candidate last tokens, parallel to `feats`.
    pub ends: Vec<usize>,
    pub feats: Vec<[u32; NEND]>,
}

/// Reusable buffers of the end ranker (one set per document).
#[derive(Default)]
struct EndScratch {
    closed_by: Vec<u16>,
    from_right: Vec<u16>,
    ends: Vec<usize>,
    feats: Vec<[u32; NEND]>,
}

/// Runs the extractor with an explicit end-ranking mode.
pub(crate) fn extract_with(
    doc: &Document,
    lex: &CueLexicon,
    model: Option<&CueModel>,
    opts: &ExtractOptions,
    ends: &mut Ends,
    filter: &mut Filter,
) -> Vec<Attribution> {
    if doc.tokens.is_empty() {
        return Vec::new();
    }
    let mut scratch = EndScratch::default();
    let mut ctx = Ctx::new(doc);
    let quotes = find_quotes(&ctx);
    let mut cands: Vec<Cand> = Vec::new();
    let mut used_cue = vec![false; doc.tokens.len()];

    // 1. Direct quotes.
    let direct: Vec<Quote> = quotes
        .iter()
        .copied()
        .filter(|q| is_direct(&ctx, q, opts))
        .collect();
    mark_quotes(&mut ctx, &quotes, opts);
    let mut fbuf = [0u32; NFEAT];
    let mut k = 0;
    let mut last_source: Option<(usize, (usize, usize))> = None;
    while k < direct.len() {
        let q = direct[k];
        if embedded_title(&ctx, &q, ctx.sent_of.get(q.first).copied()) {
            k += 1;
            continue;
        }
        let mut content = (q.first, q.last);
        let mut found = attach_after(&ctx, lex, opts, q.last);
        // A dash signature ends its line: the next quotation is someone else's.
        let signed = dash_signature(&ctx, q.last).is_some();
        if signed {
        } else if let Some((cue, src)) = found {
            // Split quote: `"…," X said, "…"` continues with the next quotation.
            let after = src.map_or(cue.1, |s| s.1.max(cue.1));
            if let Some(next) = direct.get(k + 1) {
                let gap_ok = (after + 1..next.first)
                    .all(|j| matches!(ctx.kind(j), Some(TokenKind::Punct)) && ctx.text(j) != ".");
                if gap_ok && next.first > after && next.first <= after + 3 {
                    content.1 = next.last;
                    k += 1;
                }
            }
        } else {
            found = attach_before(&ctx, lex, opts, q.first);
            if found.is_none() {
                // `"Q1." "Q2," X said.` — the cue after the next quotation covers both.
                if let Some(next) = direct.get(k + 1) {
                    if next.first > q.last
                        && (q.last + 1..next.first).all(|j| !ctx.is_word(j))
                        && same_paragraph(&ctx, q.last, next.first)
                    {
                        if let Some(f) = attach_after(&ctx, lex, opts, next.last) {
                            found = Some(f);
                            content.1 = next.last;
                            k += 1;
                        }
                    }
                }
            }
        }
        match found {
            Some((cue, src)) => {
                // Consecutive quotations by the same speaker, with nothing but punctuation
                // between them (or the rest of the cue's own sentence: `…,” said Robert
                // Stone, a retiree. “…”`) and no cue of their own, extend the same content.
                let mut end = content.1.max(cue.1).max(src.map_or(0, |s| s.1));
                let mut cue_sent = ctx.sent_of.get(cue.1).copied();
                while let Some(next) = direct.get(k + 1).filter(|_| !signed) {
                    if embedded_title(&ctx, next, cue_sent) {
                        k += 1;
                        continue;
                    }
                    // The cue's sentence ends before the next quotation: an aside in it
                    // (`said Ms. Roe, referring to the fee.`) has had its say.
                    // So has one whose own complement stands between it and a next quotation
                    // that opens in lowercase (`“…,” Roe wrote in a statement explaining why
                    // she came, “but …`).
                    let next_sent = ctx.sent_of.get(next.first).copied();
                    let aside_closed = cue_sent.is_some()
                        && (next_sent != cue_sent
                            || (ctx.text(next.first + 1).starts_with(char::is_lowercase)
                                && !introduced_by_verb(&ctx, next.first)));
                    let gap_ok = next.first > end
                        && (end + 1..next.first).all(|j| {
                            !ctx.is_word(j)
                                || (ctx.sent_of.get(j).copied() == cue_sent
                                    && (aside_closed
                                        || !ctx.in_quote.get(j).copied().unwrap_or(true)))
                        })
                        && attach_after(&ctx, lex, opts, next.last).is_none()
                        && closing_clause(&ctx, lex, next.last).is_none()
                        && !speech_between(&ctx, lex, opts, end + 1, next.first, aside_closed);
                    cue_sent = None;
                    if !gap_ok {
                        break;
                    }
                    content.1 = next.last;
                    end = next.last;
                    k += 1;
                }
                for x in used_cue.get_mut(cue.0..=cue.1).into_iter().flatten() {
                    *x = true;
                }
                if let Some(s) = src {
                    last_source = Some((ctx.sent_of.get(q.last).copied().unwrap_or(0) as usize, s));
                }
                cands.push(Cand {
                    kind: AttributionType::Direct,
                    cue: Some(cue),
                    source: src,
                    content,
                });
            }
            None => {
                // Floating quote: inherits the most recent source when it is close.
                let here = ctx.sent_of.get(q.first).copied().unwrap_or(0) as usize;
                if let Some((s_sent, src)) = last_source {
                    if here.saturating_sub(s_sent) <= opts.floating_window {
                        cands.push(Cand {
                            kind: AttributionType::Direct,
                            cue: None,
                            source: Some(src),
                            content,
                        });
                        last_source = Some((here, src));
                    }
                }
            }
        }
        k += 1;
    }

    // 2. Cue-anchored indirect speech and `according to`.
    for i in 0..doc.tokens.len() {
        if used_cue.get(i).copied().unwrap_or(true) {
            continue;
        }
        let low = ctx.low(i);
        let quoted = ctx.in_quote.get(i).copied().unwrap_or(true);
        if low == ":" {
            let (_, s1) = ctx.sent_range(i);
            let last = ctx.trim_end(i, s1.saturating_sub(1));
            if last > i + 1 {
                // A transcript's speaker label (`WALLACE:`, which the tagger reads as a common
                // noun) opens a paragraph and names who speaks to its end.
                let label = colon_source(&ctx, lex, i, false)
                    .and_then(|src| Some((src, speaker_turn_end(&ctx, src, i)?)));
                if let Some(src) = label
                    .map(|(src, _)| src)
                    .or_else(|| colon_source(&ctx, lex, i, true))
                {
                    // Its paragraphs often open with a quotation mark that never closes, so the
                    // label may sit inside a "quotation" spanning turns: that is no quote.
                    let turn = label.map(|(_, end)| end);
                    if quoted && turn.is_none() {
                        continue;
                    }
                    if turn.is_some() {
                        cands.retain(|c| {
                            !(c.kind == AttributionType::Direct
                                && c.content.0 < i
                                && i < c.content.1)
                        });
                    }
                    let last = turn.unwrap_or(last);
                    cands.push(Cand {
                        kind: AttributionType::Indirect,
                        cue: Some((i, i)),
                        source: Some(src),
                        content: (i + 1, last),
                    });
                }
            } else if !quoted {
                if let Some(c) = colon_paragraph(&ctx, lex, i) {
                    // `X released the following statement:` — the verb's own object was
                    // only a pointer to the paragraph.
                    let (a, _) = c.cue.unwrap_or((i, i));
                    cands.retain(|o| {
                        !(o.cue.is_some_and(|(oa, ob)| a <= ob && oa <= i)
                            && o.content.0 > a
                            && o.content.1 < i)
                    });
                    for x in c
                        .cue
                        .and_then(|(a, b)| used_cue.get_mut(a..=b))
                        .into_iter()
                        .flatten()
                    {
                        *x = true;
                    }
                    cands.push(c);
                }
            }
            continue;
        }
        if quoted {
            continue;
        }
        // The lemma (when the tagger ran) catches inflections the lexicon lacks; lemmas are
        // already lowercase, so the lookup allocates nothing.
        let lemma_entry = if doc.syntax.is_empty() || lex.get(low).is_some() {
            None
        } else {
            lex.get(doc.lemma(i))
        };
        // A tagged noun/adjective/determiner reading of a cue verb (`the calls`, `so-called`)
        // is not a speech event.
        if let Some(u) = ctx.upos(i).filter(|_| opts.pos_gate) {
            if matches!(
                u,
                Upos::Noun | Upos::Propn | Upos::Adj | Upos::Det | Upos::Num
            ) && !lex.get(low).is_some_and(|e| e.class != CueClass::Verb)
                && ctx.low(i + 1) != "that"
            {
                continue;
            }
        }
        let mut det = 0.0f32;
        // `are afraid that …`, `were coy about …`: a predicate adjective with a complement is a
        // stance cue of its own; only the candidate filter can tell which, so only under one.
        let adj = match (model, &filter) {
            (Some(m), Filter::Apply(_) | Filter::Collect(_))
                if m.filter.is_some() || matches!(filter, Filter::Collect(_)) =>
            {
                adj_cue(&ctx, i)
            }
            _ => None,
        };
        if let (Some(m), Some(_)) = (model, adj.as_ref()) {
            token_features(&ctx, lex, i, &mut fbuf);
            det = m.score(&fbuf);
        }
        let c = if adj.is_some() {
            adj
        } else {
            let entry = match model {
                Some(m) => {
                    // Lexicon words (built-in, learned or user cues) are scored, and verbs outside
                    // it with a margin: PolNeAR's cues are a long tail of stance verbs.
                    let base = lex.get(low).or(lemma_entry);
                    let oov = base.is_none() && oov_candidate(&ctx, opts, i);
                    if (base.is_none() && !oov) || !ctx.is_word(i) {
                        continue;
                    }
                    token_features(&ctx, lex, i, &mut fbuf);
                    let need =
                        detector_threshold(m, &ctx) + if oov { opts.oov_margin } else { 0.0 };
                    // A forced cue passes whatever the detector makes of it.
                    det = m.score(&fbuf);
                    if det < need && !forced_cue(&ctx, i) {
                        continue;
                    }
                    crate::CueEntry {
                        class: base.map_or(CueClass::Verb, |e| e.class),
                        weight: 1.0,
                    }
                }
                None => match lex.get(low).or(lemma_entry) {
                    Some(e) => e,
                    None => continue,
                },
            };
            match entry.class {
                CueClass::According => according(&ctx, i),
                CueClass::Verb if entry.weight >= opts.verb_threshold => {
                    verb_cue(&ctx, lex, opts, i)
                }
                CueClass::Noun if entry.weight >= opts.verb_threshold => noun_cue(&ctx, i),
                _ => None,
            }
        };
        if let Some(mut c) = c {
            rank_end(&ctx, &mut c, ends, &mut scratch);
            match filter {
                Filter::Off => {}
                // Untagged text already met the strict detector threshold, and a one-word
                // answer (`half said yes`) is a rule of its own, too rare for the filter.
                Filter::Apply(f)
                    if !ctx.doc.syntax.is_empty()
                        && !one_word_answer(&ctx, &c)
                        && !participial_report(&ctx, lex, &c)
                        && !after_opening_participle(&ctx, &cands, &c)
                        && !told_that(&ctx, &c)
                        && !post_posed_tell(&ctx, &c)
                        && !c.cue.is_some_and(|(a, b)| {
                            based_report_on(&ctx, b) || (a..=b).any(|j| no_reply(&ctx, j))
                        })
                        && !relative_report(&ctx, lex, &c) =>
                {
                    if f.score(&filter_features(
                        &ctx,
                        lex,
                        &c,
                        i,
                        det,
                        &fbuf,
                        nesting(&cands, &c, i),
                    )) < f.threshold
                    {
                        continue;
                    }
                }
                Filter::Apply(_) => {}
                Filter::Collect(out) => out.push(FilterCand {
                    cue: c.cue.unwrap_or((i, i)),
                    content: c.content,
                    feats: filter_features(&ctx, lex, &c, i, det, &fbuf, nesting(&cands, &c, i)),
                }),
            }
            // Past the filter (which reads the subject as a source class): `the plan seems
            // risky`, `it appeared that …` — a raising cue's subject is what is judged, not
            // who judges.
            if c.cue.is_some_and(|(_, b)| raising_cue(&ctx, b)) {
                c.source = None;
            } else if c.source.is_none() {
                c.source = c.cue.and_then(|(a, _)| {
                    paren_appositive_source(&ctx, a).or_else(|| paren_name_source(&ctx, a))
                });
            } else if let (Some((a, _)), Some(src)) = (c.cue, c.source.as_mut()) {
                // `Sen. Jane Roe (D-Ohio) said`: the walk stopped before the closing mark.
                if src.1 + 2 == a
                    && ctx.text(a - 1) == ")"
                    && (src.0..=src.1).any(|j| ctx.text(j) == "(")
                {
                    src.1 = a - 1;
                }
            }
            if let Some((a, b)) = c.cue {
                for x in used_cue.get_mut(a..=b).into_iter().flatten() {
                    *x = true;
                }
            }
            cands.push(c);
        }
    }

    // 3. Mixed quotes: a short quotation inside the content of nothing yet, after a cue verb.
    for q in quotes
        .iter()
        .filter(|q| q.words < opts.min_direct_words && q.words > 0)
    {
        if cands
            .iter()
            .any(|c| c.content.0 <= q.first && q.last <= c.content.1)
        {
            continue;
        }
        let (s0, _) = ctx.sent_range(q.first);
        let lo = q.first.saturating_sub(8).max(s0);
        let cue = (lo..q.first).rev().find(|&j| {
            !used_cue.get(j).copied().unwrap_or(true)
                && lex
                    .get(ctx.low(j))
                    .is_some_and(|e| e.class == CueClass::Verb && e.weight >= 0.5)
        });
        if let Some(j) = cue {
            let cue = (j, j);
            let source = source_left(&ctx, j);
            cands.push(Cand {
                kind: AttributionType::Mixed,
                cue: Some(cue),
                source: source.map(|s| s.0),
                content: (j + 1, q.last),
            });
        }
    }

    // Past the filter (which read the sources as found): source repairs before the passes
    // below look for subjects; a cue after `, but she` reports the clause after it.
    for c in cands.iter_mut() {
        repair_source(&ctx, c);
        coordinated_tail(&ctx, c);
        according_source_end(&ctx, c);
    }
    // Participial cues (`…, adding that …`, `citing …`) share the subject of the clause they
    // hang on: the nearest earlier attribution in the same sentence with a source.
    // Without one, the parse names the subject of the verb the participle hangs on.
    for k in 0..cands.len() {
        let Some((cue_start, cue_last)) = cands[k].cue else {
            continue;
        };
        let Some(cue_end) = (cue_start..=cue_last)
            .rev()
            .find(|&j| ctx.low(j).ends_with("ing"))
        else {
            continue;
        };
        // `she said at a news conference announcing …`: a participle on a noun in a
        // prepositional phrase of another statement's cue reports for that statement's source.
        if let Some(src) = cands[k]
            .source
            .and_then(|x| adjunct_of_cue_source(&ctx, &cands, x, cue_start))
        {
            cands[k].source = Some(src);
            continue;
        }
        if cands[k].source.is_some() {
            continue;
        }
        let sent = ctx.sent_of.get(cue_end).copied();
        // Not from a statement inside a relative clause (`an architect who said …, saying`):
        // its speaker is not the clause's subject.
        let inherited = cands
            .iter()
            .filter(|c| {
                c.source
                    .is_some_and(|(_, x1)| !matches!(ctx.low(x1), "who" | "which" | "that"))
                    && c.cue
                        .is_some_and(|(a, _)| a < cue_end && ctx.sent_of.get(a).copied() == sent)
            })
            .max_by_key(|c| c.cue.map_or(0, |x| x.0))
            .and_then(|c| c.source);
        let governor = || {
            let t = doc.syntax.get(cue_end).filter(|_| ctx.has_arcs)?;
            if t.is_root() {
                return None;
            }
            let h = t.head as usize;
            if !matches!(t.deprel.base(), "advcl" | "xcomp" | "conj") {
                return None;
            }
            syntax_subject(&ctx, h)
                .filter(|s| s.1 < cue_start)
                .or_else(|| governing_subject(&ctx, h, cue_start))
        };
        // `X granted Y an extension on an order to treat runoff from a mine, saying …`: a
        // participle after a comma that the parse hangs on a noun still reports what the
        // subject of the sentence's main verb says.
        let root_subject = || {
            // A dash sets the participle off as well as a comma (`Rubio flipped his choice –
            // saying …`), and a copular root (`Obama has been on the sidelines, arguing …`)
            // has a subject as a verb does.
            if !ctx.has_arcs
                || cue_start == 0
                || ![",", "–", "—", "-", "--"]
                    .iter()
                    .any(|p| ctx.is_punct(cue_start - 1, p))
            {
                return None;
            }
            let (s0, _) = ctx.sent_range(cue_start);
            let r = (s0..cue_start).find(|&j| {
                doc.syntax.get(j).is_some_and(|t| t.is_root())
                    && matches!(
                        ctx.upos(j),
                        Some(Upos::Verb | Upos::Noun | Upos::Adj | Upos::Propn)
                    )
            })?;
            syntax_subject(&ctx, r).filter(|s| s.1 < r)
        };
        cands[k].source = inherited.or_else(governor).or_else(root_subject);
    }
    // `He's comparing X to Y and says …`: a conjoined cue verb without a subject of its own
    // shares the subject of the verb it is conjoined to.
    if ctx.has_arcs {
        for c in cands.iter_mut().filter(|c| c.source.is_none()) {
            let Some((cue_start, cue_last)) = c.cue else {
                continue;
            };
            let Some(v) = (cue_start..=cue_last)
                .rev()
                .find(|&j| ctx.upos(j) == Some(Upos::Verb))
            else {
                continue;
            };
            let mut at = v;
            for _ in 0..4 {
                let Some(t) = doc.syntax.get(at).filter(|t| !t.is_root()) else {
                    break;
                };
                let h = t.head as usize;
                if t.deprel.base() != "conj" || h >= at || ctx.sent_of.get(h) != ctx.sent_of.get(v)
                {
                    break;
                }
                if let Some(s) = syntax_subject(&ctx, h).filter(|s| s.1 < h) {
                    c.source = Some(s);
                    break;
                }
                // `has called on police to release the videos and called on …`: the parse may
                // conjoin the verb to the object before it; the verb above that object is the
                // one whose subject is shared.
                if ctx.upos(h) != Some(Upos::Verb) {
                    let mut g = h;
                    for _ in 0..4 {
                        let Some(t) = doc.syntax.get(g).filter(|t| !t.is_root()) else {
                            break;
                        };
                        g = t.head as usize;
                        if ctx.sent_of.get(g) != ctx.sent_of.get(v) || g >= v {
                            break;
                        }
                        if ctx.upos(g) == Some(Upos::Verb) {
                            c.source = syntax_subject(&ctx, g).filter(|s| s.1 < g);
                            if c.source.is_some() {
                                break;
                            }
                        }
                    }
                    if c.source.is_some() {
                        break;
                    }
                }
                at = h;
            }
        }
    }
    // `X often questions … and has called for …`, `X offered …, then says …`: a conjoined or
    // paratactic cue verb without a subject, hung (directly or through the noun the parse
    // attached it to) on another statement's cue, shares that statement's source.
    if ctx.has_arcs {
        for k in 0..cands.len() {
            if cands[k].source.is_none() {
                cands[k].source = cands[k]
                    .cue
                    .and_then(|(a, b)| governing_cue_source(&ctx, &cands, a, b));
            }
        }
        // `After thanking the crowd, he touted …`: a participle clause opening the sentence
        // reports for the subject of the main clause after it.
        for c in cands.iter_mut().filter(|c| c.source.is_none()) {
            let (c0, c1) = c.content;
            c.source = c
                .cue
                .and_then(|(a, b)| opening_clause_subject(&ctx, a, b))
                .filter(|s| s.1 < c0 || s.0 > c1);
        }
        // `Democrats in Congress, fearing the consequences, failed …`: a phrase set off by
        // commas or dashes hides the subject from the parse.
        for c in cands.iter_mut().filter(|c| c.source.is_none()) {
            let (c0, c1) = c.content;
            c.source = set_off_subject(&ctx, c).filter(|s| s.1 < c0 || s.0 > c1);
        }
    }
    // A content that opens a quotation runs at least to its closing mark.
    for c in cands.iter_mut() {
        if c.kind == AttributionType::Direct {
            continue;
        }
        // …but never over its own post-posed cue (`"… occasions, reported the AFP.` after a
        // stray quote mark).
        let cue_at = c.cue.map_or(usize::MAX, |x| x.0);
        for q in &quotes {
            if q.first >= c.content.0
                && q.first <= c.content.1
                && q.last > c.content.1
                && !(cue_at > c.content.1 && cue_at <= q.last)
            {
                c.content.1 = q.last;
            }
        }
    }
    // An inverted post-posed cue (`…, reported the AFP.`) closes every content nested in its
    // own.
    let cuts: Vec<(usize, usize)> = cands
        .iter()
        .filter_map(|c| {
            let (a, _) = c.cue?;
            let (s, _) = c.source?;
            (a > c.content.1 && s > a).then_some((c.content.0, a))
        })
        .collect();
    for c in cands.iter_mut() {
        for &(outer_start, cut) in &cuts {
            if c.content.0 >= outer_start && c.content.0 < cut && cut <= c.content.1 {
                let mut e = cut - 1;
                while e > c.content.0 && ctx.is_punct(e, ",") {
                    e -= 1;
                }
                c.content.1 = e;
            }
        }
    }
    // A footnote's reference entry (`[2] AFP, Iran exile group claims …`) is a citation, not
    // a statement of the article: its headline verbs are not cues.
    let entries: Vec<Span> = doc
        .citations
        .iter()
        .filter(|c| c.kind == Some(headwater_doc::CitationKind::Footnote))
        .flat_map(|c| {
            let marker = c.marker.as_deref().map_or(0, str::len);
            c.spans
                .iter()
                .copied()
                .filter(move |s| s.len() > marker + 2)
        })
        .collect();
    if !entries.is_empty() {
        cands.retain(|c| {
            let at = c.cue.unwrap_or(c.content).0;
            let start = doc.tokens.get(at).map_or(0, |t| t.span.start);
            !entries.iter().any(|e| e.start <= start && start < e.end)
        });
    }
    // Each cited party with the cue it is finally shown with (see below).
    let mut cited: Vec<(Cand, Option<(usize, usize)>)> = Vec::new();
    for c in cands.iter_mut() {
        if let Some(n) = cited_source(&ctx, c) {
            // What the citing party reports is the cited party's statement, whole, with the
            // cited party in it.
            c.content.1 = c.content.1.max(n.content.1);
            c.content.0 = c.content.0.min(n.source.map_or(c.content.0, |s| s.0));
            // `quoted officials that …`, `cites a source: …`: the complementizer or colon
            // only introduces the claim; the speech event is the citing verb itself.
            let bare = n
                .cue
                .is_some_and(|(a, b)| a == b && matches!(ctx.low(a), "that" | ":"));
            let shown = if bare { c.cue } else { n.cue };
            cited.push((n, shown));
        }
    }
    // The cited party's own cue word (`as saying`) may have yielded a candidate of its own,
    // with the citing party as source: the nested one replaces it.
    cands.retain(|c| {
        !cited.iter().any(|(n, _)| {
            n.cue
                .zip(c.cue)
                .is_some_and(|((a, b), (x, _))| a <= x && x <= b)
        })
    });
    cands.extend(cited.into_iter().map(|(n, cue)| Cand { cue, ..n }));
    for c in cands.iter_mut() {
        trim_start(&ctx, c);
        parenthetical_cue(&ctx, c);
        parenthetical_source(&ctx, c);
        free_relative_end(&ctx, c);
        contrast_end(&ctx, c);
        passive_subject_content(&ctx, c);
        if c.source.is_none() && c.kind != AttributionType::AccordingTo {
            c.source = c
                .cue
                .and_then(|(a, b)| aside_participle_subject(&ctx, a, b));
        }
    }
    asked_openings(&ctx, &mut cands);
    quote_frames(&ctx, lex, &direct, &mut cands);
    as_put_it(&ctx, &mut cands);
    in_poll(&ctx, &mut cands);
    mid_poll(&ctx, &mut cands);
    reportedly(&ctx, &mut cands);
    demonstrative_according(&ctx, &mut cands);
    floating_after_report(&ctx, &mut cands);
    quote_after_report(&ctx, &direct, &mut cands);
    for c in cands.iter_mut() {
        speaker_after_quote(&ctx, c);
    }
    floating_inside(&ctx, &mut cands);
    cue_in_according_source(&mut cands);
    finish(doc, &ctx, cands)
}

/// `According to Jane Roe, writing for the Ledger, …`: a cue inside the source of an
/// `according to` statement describes that source; it reports nothing of its own.
fn cue_in_according_source(cands: &mut Vec<Cand>) {
    let inside: Vec<bool> = cands
        .iter()
        .map(|c| {
            c.cue.is_some_and(|(a, b)| {
                cands.iter().any(|o| {
                    o.kind == AttributionType::AccordingTo
                        && o.source.is_some_and(|(s0, s1)| s0 < a && b <= s1)
                })
            })
        })
        .collect();
    retain_unmarked(cands, &inside);
}

/// Quotation frames the quote pass leaves to later rules, applied past the filter so that
/// the filter's training candidates stay as they are:
///
/// * `“… manage?” Vitter demanded.`: a question or exclamation closing a quotation, then a
///   short subject and a finite lexicon verb ending the clause (the splitter may start a new
///   sentence there): that verb is the cue whatever its weight, the subject the source.
/// * `“…,” Roe said, referring to the fee, “you give …”`: a split quotation goes on past a
///   comma-set phrase without a finite verb to a second half that opens in lowercase
///   ([`split_continues`]).
fn quote_frames(ctx: &Ctx, lex: &CueLexicon, direct: &[Quote], cands: &mut Vec<Cand>) {
    let mut drop = vec![false; cands.len()];
    for (k, q) in direct.iter().enumerate() {
        if let Some((cue, src)) = closing_clause(ctx, lex, q.last) {
            let taken = cands.iter().enumerate().any(|(i, c)| {
                !drop.get(i).copied().unwrap_or(true)
                    && c.kind == AttributionType::Direct
                    && c.cue.is_some()
                    && c.content.0 <= q.first
                    && c.content.1 >= q.last
            });
            if !taken {
                // Whatever else the clause's verb cued goes: the quotation is its content.
                for (i, c) in cands.iter().enumerate() {
                    if c.cue.is_some_and(|(a, b)| a <= cue.1 && cue.0 <= b)
                        || (c.content.0 >= q.first && c.content.1 <= q.last)
                    {
                        if let Some(x) = drop.get_mut(i) {
                            *x = true;
                        }
                    }
                }
                cands.push(Cand {
                    kind: AttributionType::Direct,
                    cue: Some(cue),
                    source: src,
                    content: (q.first, q.last),
                });
                drop.push(false);
                continue;
            }
        }
        let Some(next) = direct.get(k + 1) else {
            continue;
        };
        // The quote pass may already have joined the two halves (`content` running from `q`
        // through `next`); what the aside between them cued goes all the same.
        let Some(ci) = cands.iter().enumerate().position(|(i, c)| {
            !drop.get(i).copied().unwrap_or(true)
                && c.kind == AttributionType::Direct
                && c.cue.is_some()
                && (c.content.1 == q.last || (c.content.0 <= q.first && c.content.1 == next.last))
        }) else {
            continue;
        };
        let Some(c) = cands.get(ci) else { continue };
        let Some(cue) = c.cue else { continue };
        let after = c.source.map_or(cue.1, |s| s.1.max(cue.1));
        if after < q.last || !split_continues(ctx, cue.1, after, next) {
            continue;
        }
        for (i, o) in cands.iter().enumerate() {
            if i != ci
                && (o.cue.is_some_and(|(a, _)| a > after && a < next.first)
                    || (o.content.0 > after && o.content.0 <= next.last))
            {
                if let Some(x) = drop.get_mut(i) {
                    *x = true;
                }
            }
        }
        if let Some(c) = cands.get_mut(ci) {
            c.content.1 = next.last;
        }
    }
    retain_unmarked(cands, &drop);
}

/// Words that open what an opening `asked` asks (`Asked about the merger, …`, `Asked whether
/// …, …`).
const QUESTION_OPENERS: &[&str] = &[
    "about", "whether", "if", "why", "how", "what", "who", "when", "where", "to", "for",
];

/// `Asked about the merger, she defended …`, `When asked at the conference whether …, Ban
/// demurred`: a participle `asked` opening its sentence reports the question, which runs from
/// its object or first question word to the comma before the main clause's subject; the main
/// clause is the answer, and the asker is unnamed. No other statement's source reaches back
/// over that comma (`Asked Tuesday about Sullivan, Feinstein said`).
fn asked_openings(ctx: &Ctx, cands: &mut [Cand]) {
    for k in 0..cands.len() {
        let Some(c) = cands.get(k) else { continue };
        let Some((comma, question)) = asked_question(ctx, c) else {
            continue;
        };
        if let Some(c) = cands.get_mut(k) {
            c.content = question;
            c.source = None;
        }
        for o in cands.iter_mut() {
            if let Some(s) = o.source.filter(|s| s.0 <= comma && comma < s.1) {
                o.source = Some((comma + 1, s.1));
            }
        }
    }
}

/// For a candidate cued by a sentence-opening `asked` ([`asked_openings`]): the comma that
/// closes the question and the question's span.
fn asked_question(ctx: &Ctx, c: &Cand) -> Option<(usize, (usize, usize))> {
    let (a, b) = c.cue?;
    let v = (a..=b).find(|&j| ctx.low(j) == "asked")?;
    let (s0, s1) = ctx.sent_range(v);
    let opens =
        v == s0 || (v == s0 + 1 && matches!(ctx.low(s0), "when" | "if" | "after" | "once" | "as"));
    if !opens || !ctx.has_arcs {
        return None;
    }
    // The comma that closes the question: the first one followed by a short subject (one to
    // six words, no verb, not a relative pronoun) and a finite verb: `…, Ban demurred`. The
    // parse is no help here: it often makes `Asked` the root.
    let closes = |k: usize| {
        let words = (k + 1..s1)
            .take_while(|&j| ctx.is_word(j) && !matches!(ctx.upos(j), Some(Upos::Verb | Upos::Aux)))
            .count();
        let m = k + 1 + words;
        (1..=6).contains(&words)
            && !matches!(ctx.low(k + 1), "who" | "which" | "that" | "whom" | "whose")
            && finite(ctx, m)
    };
    let comma = (v + 2..s1).find(|&k| {
        ctx.is_punct(k, ",") && !ctx.in_quote.get(k).copied().unwrap_or(true) && closes(k)
    })?;
    // `Asked Tuesday about …`: a time word is no part of the question; an object right after
    // the participle starts it (`Asked a direct question about this`), otherwise the first
    // question word does (`When asked at the conference about the merger`).
    let mut start = v + 1;
    while start < comma && TIME_WORDS.contains(&ctx.low(start)) {
        start += 1;
    }
    if !matches!(
        ctx.upos(start),
        Some(Upos::Det | Upos::Noun | Upos::Propn | Upos::Pron | Upos::Adj | Upos::Num)
    ) {
        start = (start..comma)
            .find(|&j| QUESTION_OPENERS.contains(&ctx.low(j)))
            .unwrap_or(start);
    }
    let start = start.max(b + 1);
    let end = ctx.trim_end(start, comma - 1);
    (start < comma && end >= start).then_some((comma, (start, end)))
}

/// Keeps the candidates whose `drop` mark is unset (a candidate past the marks is kept).
fn retain_unmarked(cands: &mut Vec<Cand>, drop: &[bool]) {
    let mut k = 0;
    cands.retain(|_| {
        k += 1;
        !drop.get(k - 1).copied().unwrap_or(false)
    });
}

/// Head nouns of [`in_poll`]'s sources.
const POLL_NOUNS: &[&str] = &["poll", "polls", "survey", "surveys", "study"];

/// `In a Harbor Times poll released Monday, 52 percent backed the plan.`: a sentence that
/// opens with `In` and a poll or survey, then a comma, reports what the poll found, with the
/// poll as source and `In` as cue (PolNeAR's reading). Past the filter.
fn in_poll(ctx: &Ctx, cands: &mut Vec<Cand>) {
    for sent in &ctx.doc.sentences {
        let Some((first, comma, last)) = poll_frame(ctx, sent.token_range()) else {
            continue;
        };
        if cands.iter().any(|c| c.cue == Some((first, first))) {
            continue;
        }
        cands.push(Cand {
            kind: AttributionType::Indirect,
            cue: Some((first, first)),
            source: Some((first + 1, comma - 1)),
            content: (comma + 1, last),
        });
    }
}

/// [`in_poll`]'s frame in the sentence over `tokens`: the opening `In`, the comma closing
/// the poll's noun phrase, and the last token of what the poll found.
fn poll_frame(ctx: &Ctx, tokens: std::ops::Range<usize>) -> Option<(usize, usize, usize)> {
    let (s0, s1) = (tokens.start, tokens.end);
    let first = (s0..s1).find(|&j| ctx.is_word(j))?;
    if ctx.low(first) != "in" {
        return None;
    }
    let comma = (first + 1..(first + 16).min(s1)).find(|&j| ctx.is_punct(j, ","))?;
    let np = first + 1..comma;
    if !np.clone().any(|j| POLL_NOUNS.contains(&ctx.low(j)))
        || np.clone().any(|j| {
            ctx.doc
                .syntax
                .get(j)
                .is_some_and(|t| matches!(t.xpos_str(), "VBZ" | "VBP" | "MD"))
                || matches!(ctx.low(j), "wake" | "aftermath" | "response")
        })
    {
        return None;
    }
    let last = ctx.trim_end(comma + 1, s1.saturating_sub(1));
    (last > comma + 2).then_some((first, comma, last))
}

/// Words that show a clause reports a poll's finding (a standing, a share, a move).
const POLL_OUTCOMES: &[&str] = &[
    "lead",
    "leads",
    "led",
    "leading",
    "ahead",
    "behind",
    "trail",
    "trails",
    "trailed",
    "trailing",
    "percent",
    "%",
    "points",
    "tied",
    "margin",
    "support",
    "approval",
    "edge",
    "advantage",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "gained",
    "rose",
    "fell",
    "dropped",
    "slipped",
    "surged",
    "sagged",
    "climbed",
    "jumped",
    "beats",
    "beat",
    "topped",
    "tops",
    "favorable",
    "unfavorable",
    "finished",
];

/// Words that may continue a poll's noun phrase past its head noun (`a poll released
/// Monday`, `polls from Quinnipiac and Fox News`, `surveys in three states`).
const POLL_TAIL_OPENERS: &[&str] = &[
    "released",
    "conducted",
    "taken",
    "published",
    "from",
    "of",
    "by",
    "in",
    "last",
    "this",
    "out",
    "on",
];

/// `Roe holds a wide lead in the latest Harbor Times poll.` and `But in most surveys, Roe
/// trails.`: a poll named in an `in` phrase that is not the sentence's first word reports the
/// rest of the sentence — the clause before it when the phrase closes it, or what follows
/// the comma when only a conjunction precedes it. Returns (the poll's last token, the
/// content's first and last tokens). Reads no parse.
fn poll_phrase(ctx: &Ctx, in_at: usize) -> Option<(usize, usize, usize)> {
    if ctx.low(in_at) != "in" {
        return None;
    }
    let (s0, s1) = ctx.sent_range(in_at);
    let first = (s0..s1).find(|&j| ctx.is_word(j))?;
    let lead_in = |j: usize| {
        matches!(
            ctx.low(j),
            "but" | "and" | "yet" | "still" | "now" | "meanwhile"
        ) || ctx.is_punct(j, ",")
    };
    // A sentence opening with the phrase is [`poll_frame`]'s.
    if in_at <= first {
        return None;
    }
    let opening = (first..in_at).all(lead_in);
    let np_word = |j: usize| ctx.is_word(j) || matches!(ctx.text(j), "-" | "/" | "'s" | "’s" | "&");
    // The poll's head noun, a few noun-phrase words on.
    let head = (in_at + 1..(in_at + 12).min(s1))
        .take_while(|&j| np_word(j))
        .find(|&j| POLL_NOUNS.contains(&ctx.low(j)))?;
    if (in_at + 1..head).any(|j| matches!(ctx.low(j), "that" | "which" | "who" | "whose")) {
        return None;
    }
    // A short tail (`released Wednesday`) belongs to the source when a comma or the
    // sentence's end closes it.
    let closes = |j: usize| j >= s1 || matches!(ctx.text(j), "," | "." | "?" | "!" | ";" | ":");
    let mut last = head;
    if !closes(head + 1) && POLL_TAIL_OPENERS.contains(&ctx.low(head + 1)) {
        let reach = (head + 10).min(s1);
        match (head + 1..reach).find(|&j| !np_word(j)) {
            Some(e) if closes(e) => last = e - 1,
            None if reach == s1 => last = s1 - 1,
            _ => return None,
        }
    }
    if !closes(last + 1) {
        return None;
    }
    let (c0, c1) = if opening {
        if !ctx.is_punct(last + 1, ",") {
            return None;
        }
        (last + 2, ctx.trim_end(last + 2, s1.saturating_sub(1)))
    } else {
        let c0 = (first..in_at).find(|&j| !lead_in(j))?;
        (c0, ctx.trim_end(c0, in_at - 1))
    };
    let words = (c0..=c1).filter(|&j| ctx.is_word(j)).count();
    let outcome = (c0..=c1).any(|j| POLL_OUTCOMES.contains(&ctx.low(j)));
    (c1 > c0 && words >= 3 && outcome).then_some((last, c0, c1))
}

/// [`poll_phrase`]'s attributions, where no other candidate already reports the phrase.
/// Past the filter.
fn mid_poll(ctx: &Ctx, cands: &mut Vec<Cand>) {
    for in_at in 0..ctx.doc.tokens.len() {
        let Some((last, c0, c1)) = poll_phrase(ctx, in_at) else {
            continue;
        };
        if cands.iter().any(|c| {
            c.content.0 <= in_at && in_at <= c.content.1
                || c.cue.is_some_and(|(a, b)| a <= c1 && c0 <= b)
        }) {
            continue;
        }
        cands.push(Cand {
            kind: AttributionType::Indirect,
            cue: Some((in_at, in_at)),
            source: Some((in_at + 1, last)),
            content: (c0, c1),
        });
    }
}

/// `That’s according to fundraising reports that the campaign is filing on Saturday.`: the
/// demonstrative is the content and the rest of the sentence the source. Past the filter (the
/// frame rules read such a sentence as source-first, and the filter learned from that).
fn demonstrative_according(ctx: &Ctx, cands: &mut Vec<Cand>) {
    for i in 1..ctx.doc.tokens.len() {
        if ctx.low(i) != "according" || ctx.low(i + 1) != "to" {
            continue;
        }
        let (s0, s1) = ctx.sent_range(i);
        let Some(d) = (s0..i).find(|&j| ctx.is_word(j)) else {
            continue;
        };
        let cop = i - 1;
        if d + 1 != cop
            || !matches!(ctx.low(d), "that" | "this" | "it")
            || !matches!(ctx.low(cop), "'s" | "’s" | "is" | "was")
            || !ctx.is_word(i + 2)
        {
            continue;
        }
        let end = ctx.trim_end(i + 2, s1.saturating_sub(1));
        cands.retain(|c| c.cue.is_none_or(|(a, _)| a != i));
        cands.push(Cand {
            kind: AttributionType::AccordingTo,
            cue: Some((i, i + 1)),
            source: Some((i + 2, end)),
            content: (d, d),
        });
    }
}

/// `…, according to early results of exit polls conducted for the AP and television
/// networks.`, `…, according to Jane Roe, an analyst at Harbor Research.`: a source closing
/// its sentence after the content runs on to the sentence end when no clause of its own
/// follows ([`source_right`] stops at the first `and`, preposition or comma). Past the filter,
/// which learned from the shorter source.
fn according_source_end(ctx: &Ctx, c: &mut Cand) {
    let (Some((i, _)), Some(src)) = (c.cue, c.source.as_mut()) else {
        return;
    };
    if c.kind != AttributionType::AccordingTo || c.content.1 >= i || src.0 <= i {
        return;
    }
    let (_, s1) = ctx.sent_range(i);
    let end = ctx.trim_end(src.0, s1.saturating_sub(1));
    if end > src.1 && !(src.1 + 1..=end).any(|j| finite(ctx, j) || ctx.is_quote(j)) {
        src.1 = end;
    }
}

/// `The council reportedly met twice in March.`: the adverb is PolNeAR's cue for its clause,
/// with no source. The clause opens after the last comma, semicolon or `that` before the
/// adverb (or at the sentence's first word) and runs to the sentence's end. Past the filter;
/// an adverb inside another candidate's cue is left to that candidate.
fn reportedly(ctx: &Ctx, cands: &mut Vec<Cand>) {
    for i in 0..ctx.doc.tokens.len() {
        if ctx.low(i) != "reportedly" || ctx.in_quote.get(i).copied().unwrap_or(true) {
            continue;
        }
        let (s0, s1) = ctx.sent_range(i);
        let Some(first) = (s0..s1).find(|&j| ctx.is_word(j)) else {
            continue;
        };
        let c0 = (first..i)
            .rev()
            .take(14)
            .find(|&j| ctx.is_punct(j, ",") || ctx.is_punct(j, ";") || ctx.low(j) == "that")
            .map_or(first, |j| j + 1);
        let c1 = ctx.trim_end(i, s1.saturating_sub(1));
        if c1 <= i || c0 >= i {
            continue;
        }
        if cands
            .iter()
            .any(|c| c.cue.is_some_and(|(a, b)| a <= i && i <= b))
        {
            continue;
        }
        cands.push(Cand {
            kind: AttributionType::Indirect,
            cue: Some((i, i)),
            source: None,
            content: (c0, c1),
        });
    }
}

/// `As Jane Roe, a tax lawyer, recently put it, "…"` and `…, as a ministry memo put it.`:
/// the idiom `as X put it` reports the rest of the sentence (after the comma that closes the
/// `as` clause) or, closing the sentence, what came before it. Past the filter: the verb
/// alone reads as a cue with the content `it`.
fn as_put_it(ctx: &Ctx, cands: &mut Vec<Cand>) {
    let n = ctx.doc.tokens.len();
    for put in 1..n.saturating_sub(1) {
        if !matches!(ctx.low(put), "put" | "puts") || ctx.low(put + 1) != "it" {
            continue;
        }
        let (s0, s1) = ctx.sent_range(put);
        // The `as` opening the clause, at most 14 words back, with no comma-free verb between.
        let Some(as_at) = (s0..put)
            .rev()
            .take(16)
            .find(|&j| ctx.low(j) == "as" && (j == s0 || !ctx.is_word(j - 1)))
        else {
            continue;
        };
        if as_at + 1 >= put {
            continue;
        }
        let mut src_last = put - 1;
        while src_last > as_at + 1
            && ctx
                .upos(src_last)
                .is_some_and(|u| matches!(u, Upos::Adv | Upos::Aux))
        {
            src_last -= 1;
        }
        let src = (as_at + 1, src_last);
        let last = ctx.trim_end(s0, s1.saturating_sub(1));
        // The comma closing the `as` clause, if the sentence goes on after it.
        let comma = (put + 2..s1).find(|&j| ctx.is_punct(j, ","));
        let content = match comma {
            Some(c) if c < last => Some((c + 1, last)),
            _ if as_at > s0 + 1 => {
                let before = ctx.trim_end(s0, as_at - 1);
                (before > s0).then_some((s0, before))
            }
            _ => None,
        };
        let Some(content) = content else { continue };
        cands.retain(|c| !c.cue.is_some_and(|(a, b)| a <= put && put <= b));
        cands.push(Cand {
            kind: AttributionType::Indirect,
            cue: Some((put, put + 1)),
            source: Some(src),
            content,
        });
    }
}

/// The cue and source of `“… manage?” Vitter demanded.` after the quotation closing at
/// `last` (see [`quote_frames`]).
fn closing_clause(ctx: &Ctx, lex: &CueLexicon, last: usize) -> Option<Attach> {
    let p = last.checked_sub(1)?;
    if !ctx.is_quote(last) || !(ctx.is_punct(p, "?") || ctx.is_punct(p, "!")) {
        return None;
    }
    let start = last + 1;
    let sent = ctx.sent_of.get(start).copied();
    if sent != ctx.sent_of.get(last).copied() {
        let (s0, s1) = ctx.sent_range(start);
        if s0 != start || (s0..s1).filter(|&x| ctx.is_word(x)).count() > 6 {
            return None;
        }
    }
    if !(ctx.is_cap(start) || ctx.is_pronoun(start)) {
        return None;
    }
    let finite = |j: usize| {
        ctx.doc
            .syntax
            .get(j)
            .is_some_and(|t| matches!(t.xpos_str(), "VBD" | "VBZ"))
    };
    let j = (start + 1..(start + 5).min(ctx.doc.tokens.len()))
        .find(|&j| !ctx.is_word(j) || finite(j))?;
    let ends = ctx.is_punct(j + 1, ".")
        || ctx.is_punct(j + 1, ",")
        || ctx.sent_of.get(j + 1).copied() != sent;
    let weight = lex
        .get(ctx.low(j))
        .filter(|e| e.class == CueClass::Verb)
        .map_or(0.0, |e| e.weight);
    (finite(j) && ends && weight > 0.0).then_some(((j, j), Some((start, j - 1))))
}

/// `The answers are "not meeting the demand," says Paul Roe, a founder. "We often …"`: a
/// floating quotation opening the sentence after a reported (not directly quoted) statement
/// in its paragraph belongs to that statement's source, not to the last direct speaker the
/// quote pass saw; it joins that statement's content, as one statement in two parts.
fn floating_after_report(ctx: &Ctx, cands: &mut Vec<Cand>) {
    let mut drop = vec![false; cands.len()];
    for f in 0..cands.len() {
        let Some(fc) = cands.get(f) else { continue };
        if fc.kind != AttributionType::Direct || fc.cue.is_some() {
            continue;
        }
        let q0 = fc.content.0;
        let q1 = fc.content.1;
        let Some(&fs) = ctx.sent_of.get(q0) else {
            continue;
        };
        // The latest cue before the quotation, whatever its kind.
        let Some((p, pc)) = cands
            .iter()
            .enumerate()
            .filter(|(i, c)| *i != f && c.cue.is_some_and(|(_, b)| b < q0))
            .max_by_key(|(_, c)| c.cue.map_or(0, |(a, _)| a))
        else {
            continue;
        };
        let Some((_, cue_last)) = pc.cue else {
            continue;
        };
        if pc.kind == AttributionType::Direct
            || pc.source.is_none()
            || pc.content.1 >= q0
            || ctx.sent_of.get(cue_last).copied() != fs.checked_sub(1)
            || !same_paragraph(ctx, cue_last, q0)
        {
            continue;
        }
        if let Some(x) = drop.get_mut(f) {
            *x = true;
        }
        if let Some(c) = cands.get_mut(p) {
            c.content.1 = c.content.1.max(q1);
        }
    }
    retain_unmarked(cands, &drop);
}

/// `Yet the plan is also a “lifeline,” Cole said. “That is what people want right now.”`: a
/// quotation opening the sentence after a reported statement's cue, that no statement holds
/// (the quote pass saw no direct speaker to float it to), continues that statement: one
/// statement in two parts, as [`floating_after_report`] joins a floating one.
fn quote_after_report(ctx: &Ctx, direct: &[Quote], cands: &mut [Cand]) {
    for q in direct {
        if cands
            .iter()
            .any(|c| c.content.0 <= q.last && q.first <= c.content.1)
        {
            continue;
        }
        let Some(&qs) = ctx.sent_of.get(q.first) else {
            continue;
        };
        let (s0, _) = ctx.sent_range(q.first);
        if (s0..q.first).any(|j| ctx.is_word(j)) {
            continue;
        }
        let Some(p) = cands
            .iter_mut()
            .filter(|c| c.cue.is_some_and(|(_, b)| b < q.first))
            .max_by_key(|c| c.cue.map_or(0, |(a, _)| a))
        else {
            continue;
        };
        let Some((_, cue1)) = p.cue else { continue };
        if p.kind == AttributionType::Direct
            || p.source.is_none()
            || p.content.1 >= q.first
            || (ctx.sent_of.get(cue1).copied() != qs.checked_sub(1)
                && ctx.sent_of.get(p.content.1).copied() != qs.checked_sub(1))
            || !same_paragraph(ctx, p.content.1, q.first)
        {
            continue;
        }
        p.content.1 = q.last;
    }
}

/// A reported statement ending in a quotation, with its post-posed cue and no source: the
/// speaker stands between the quotation's closing mark and the cue, or after the cue, with
/// appositions whose commas the source walk could not pass.
/// * `''… a very big story,'' the economist Jane Roe, a former adviser, wrote on her blog.`:
///   the content ran on over the speaker to the apposition's comma; it ends with the mark, and
///   the words up to the cue are the source;
/// * `They ''actually had chemistry,'' said Jon Roe, the deputy adviser.`: the words after the
///   cue, to the sentence end, are the source.
fn speaker_after_quote(ctx: &Ctx, c: &mut Cand) {
    let Some((a, b)) = c.cue else { return };
    if c.kind != AttributionType::Indirect || c.source.is_some() || c.content.1 >= a {
        return;
    }
    let (c0, c1) = c.content;
    let (_, s1) = ctx.sent_range(b);
    // The name phrase `x..=y`: a capitalized word or a determiner first, no finite verb or
    // quotation mark, at most 30 tokens.
    let name_like = |x: usize, y: usize| {
        x <= y
            && y < x + 30
            && (ctx.is_cap(x) || matches!(ctx.low(x), "the" | "a" | "an"))
            && !(x..=y).any(|j| finite(ctx, j) || ctx.is_quote(j))
    };
    // The closing mark of a quotation ending in a comma (`…,''`).
    let closing = (c0 + 1..=c1)
        .rev()
        .find(|&q| ctx.is_quote(q) && ctx.is_punct(q - 1, ","));
    if let Some(q) = closing {
        let y = ctx.trim_end(q + 1, c1);
        // A state abbreviation's period may stand split off before the comma (`Allentown, Pa.,`).
        if q < c1
            && a > c1
            && (c1 + 1..a).all(|j| ctx.is_punct(j, ",") || (j == c1 + 1 && ctx.is_punct(j, ".")))
            && name_like(q + 1, y)
        {
            c.source = Some((q + 1, y));
            c.content.1 = q;
            return;
        }
    }
    // The cue right after the mark (and its comma).
    if ctx.is_quote(c1)
        && ctx.is_punct(c1.saturating_sub(1), ",")
        && (c1 + 1..a).all(|j| !ctx.is_word(j))
    {
        let y = ctx.trim_end(b + 1, s1.saturating_sub(1));
        if b + 1 < s1 && ctx.is_cap(b + 1) && name_like(b + 1, y) {
            c.source = Some((b + 1, y));
        }
    }
}

/// `Kasich joked that he appreciates a good, “peaceful protest every once in a while” since …`:
/// a floating quotation inside another statement's content, after words of its sentence, is
/// part of that statement (a mixed quotation), not a statement of its own by the last speaker.
fn floating_inside(ctx: &Ctx, cands: &mut Vec<Cand>) {
    let inside: Vec<bool> = cands
        .iter()
        .enumerate()
        .map(|(f, fc)| {
            // A quotation opening its sentence is the speaker's next sentence (a content that
            // runs over it is the one too long).
            let (s0, _) = ctx.sent_range(fc.content.0);
            fc.kind == AttributionType::Direct
                && fc.cue.is_none()
                && (s0..fc.content.0).any(|j| ctx.is_word(j))
                && cands.iter().enumerate().any(|(o, oc)| {
                    o != f
                        && oc.cue.is_some()
                        && oc.content.0 <= fc.content.0
                        && fc.content.1 <= oc.content.1
                        && oc.content != fc.content
                })
        })
        .collect();
    retain_unmarked(cands, &inside);
}

/// `said the talks were useful; the two sides meet again in May`, `…, but the deal
/// collapsed`: a reported clause after its cue ends before a semicolon or a contrasting
/// `, but` / `, although` clause, unless a quotation is open there.
fn contrast_end(ctx: &Ctx, c: &mut Cand) {
    if c.kind != AttributionType::Indirect {
        return;
    }
    let Some((_, cue)) = c.cue else { return };
    let (c0, e) = c.content;
    if c0 <= cue {
        return;
    }
    // `… wanted “a fair hearing,” but promised …`: the comma may sit inside a closing mark,
    // and the quotation closes there (an even count of marks), so it ends with the mark.
    let quote = |k: usize| ctx.is_quote(k);
    let closed = (c0 + 1..e).find(|&j| {
        ctx.is_punct(j, ",") && quote(j + 1) && matches!(ctx.low(j + 2), "but" | "although")
    });
    if let Some(j) = closed.filter(|&j| j > c0 + 1) {
        if (c0..=j + 1).filter(|&k| quote(k)).count() % 2 == 0 {
            c.content.1 = j + 1;
            return;
        }
    }
    let stop = (c0 + 1..e).find(|&j| {
        ctx.is_punct(j, ";")
            || (ctx.is_punct(j, ",") && matches!(ctx.low(j + 1), "but" | "although"))
    });
    let Some(j) = stop.filter(|&j| j > c0 + 1) else {
        return;
    };
    if (c0..j).any(|k| ctx.is_quote(k)) {
        return;
    }
    c.content.1 = ctx.trim_end(c0, j - 1);
}

/// `He has been harshly criticized for policies that …`: a passive cue without an agent
/// reports about its subject, which is part of the content, never the source.
fn passive_subject_content(ctx: &Ctx, c: &mut Cand) {
    if c.kind != AttributionType::Indirect || !ctx.has_arcs {
        return;
    }
    let Some((cue0, cue)) = c.cue else { return };
    let (c0, _) = c.content;
    if c0 <= cue || ctx.low(c0) == "by" || ctx.low(c0) == "that" || !passive_subject(ctx, cue) {
        return;
    }
    let (s0, _) = ctx.sent_range(cue);
    let syn = &ctx.doc.syntax;
    let Some(subj) = (s0..cue0).find(|&j| {
        syn.get(j).is_some_and(|t| {
            !t.is_root() && t.head as usize == cue && t.deprel.as_str() == "nsubj:pass"
        })
    }) else {
        return;
    };
    if ctx.is_pronoun(subj) && matches!(ctx.low(subj), "it") {
        return;
    }
    let (a, b) = subtree_span(ctx, subj, s0..cue0);
    if b >= cue0 || c.source.is_some_and(|s| s.0 < a || s.1 > b) {
        return;
    }
    c.source = None;
    c.content.0 = a;
}

/// `Climate change, the senator often says, is the greatest threat …`, `Hawaii, as one adviser
/// pointed out, rarely gets …`: a cue set off by commas inside its sentence, after its source,
/// reports the whole sentence around it, and the source is what stands between the first comma
/// and the cue.
fn parenthetical_cue(ctx: &Ctx, c: &mut Cand) {
    if c.kind != AttributionType::Indirect {
        return;
    }
    let Some((a, b)) = c.cue else { return };
    let (s0, s1) = ctx.sent_range(a);
    if !ctx.is_punct(b + 1, ",") {
        return;
    }
    let Some((src0, src1)) = comma_set_source(ctx, a) else {
        return;
    };
    let last = ctx.trim_end(b + 2, s1.saturating_sub(1));
    if last <= b + 2 || (s0..last).any(|j| ctx.is_quote(j)) {
        return;
    }
    c.source = Some((src0, src1));
    c.content = (s0, last);
}

/// The source of a cue starting at `a` set off by commas inside its sentence: the words
/// between the comma before it (at most eight tokens back, after some words of the sentence)
/// and the cue, without a leading `as` or trailing adverbs, holding no verb.
fn comma_set_source(ctx: &Ctx, a: usize) -> Option<(usize, usize)> {
    let (s0, _) = ctx.sent_range(a);
    if a < s0 + 3 {
        return None;
    }
    let l = (a.saturating_sub(9).max(s0 + 1)..a)
        .rev()
        .find(|&j| !ctx.is_word(j))?;
    if !ctx.is_punct(l, ",") || !(s0..l).any(|j| ctx.is_word(j)) {
        return None;
    }
    let mut src0 = l + 1;
    if ctx.low(src0) == "as" {
        src0 += 1;
    }
    let mut src1 = a - 1;
    while src1 > src0 && ctx.upos(src1) == Some(Upos::Adv) {
        src1 -= 1;
    }
    let verb = (src0..=src1).any(|j| matches!(ctx.upos(j), Some(Upos::Verb | Upos::Aux)));
    (src1 >= src0 && !verb).then_some((src0, src1))
}

/// `It was, the mayor said then, "a long night."`: a cue set off by commas with only a short
/// noun phrase before it in the commas speaks for that noun phrase, whatever the left walk or
/// the quote rules found.
fn parenthetical_source(ctx: &Ctx, c: &mut Cand) {
    let Some((a, b)) = c.cue else { return };
    let mut e = b + 1;
    while e < b + 3 && ctx.upos(e) == Some(Upos::Adv) {
        e += 1;
    }
    if !ctx.is_punct(e, ",") {
        return;
    }
    let Some((src0, src1)) = comma_set_source(ctx, a) else {
        return;
    };
    if !(src0..=src1).any(|j| matches!(ctx.upos(j), Some(Upos::Noun | Upos::Propn | Upos::Pron))) {
        return;
    }
    if c.source.is_some_and(|s| s.0 >= src0 && s.1 <= src1) {
        return;
    }
    c.source = Some((src0, src1));
}

/// `what Trump says his plan would do, and what it would actually do, began …`: in a free
/// relative the wh-word stands before the source, and the reported clause ends with the
/// relative, at its first comma, dash or semicolon or at a coordinated wh-clause.
fn free_relative_end(ctx: &Ctx, c: &mut Cand) {
    if c.kind != AttributionType::Indirect {
        return;
    }
    let (Some((cue, _)), Some((src, src_end))) = (c.cue, c.source) else {
        return;
    };
    let (c0, e) = c.content;
    let Some(w) = src.checked_sub(1) else { return };
    if src_end >= cue || c0 <= cue || !WH_STARTS.contains(&ctx.low(w)) || w < ctx.sent_range(cue).0
    {
        return;
    }
    let stop = (c0 + 1..=e).find(|&j| {
        (matches!(ctx.kind(j), Some(TokenKind::Punct))
            && matches!(ctx.text(j), "," | ";" | "—" | "–" | "--"))
            || (ctx.low(j) == "and" && WH_STARTS.contains(&ctx.low(j + 1)))
    });
    if let Some(j) = stop.filter(|&j| j > c0 + 1) {
        c.content.1 = ctx.trim_end(c0, j - 1);
    }
}

/// `rejected that argument in a ruling on Thursday`, `has been critical of X since the
/// primary`: when a noun-phrase object is the content of a verb that takes no clause, a
/// temporal or circumstantial adjunct the parse hangs on the cue verb after it ends the content.
fn trailing_adjunct(ctx: &Ctx, c: &mut Cand, i: usize) {
    let (c0, e) = c.content;
    if !ctx.has_arcs
        || CLAUSE_VERBS.contains(&ctx.low(i))
        || !matches!(
            ctx.upos(c0),
            Some(Upos::Det | Upos::Noun | Upos::Propn | Upos::Pron | Upos::Adj | Upos::Num)
        )
    {
        return;
    }
    let syn = &ctx.doc.syntax;
    for j in c0 + 1..=e {
        let Some(t) = syn.get(j).filter(|t| !t.is_root() && t.head as usize == i) else {
            continue;
        };
        if !matches!(t.deprel.base(), "obl" | "advcl" | "advmod") {
            continue;
        }
        let (lo, _) = subtree_span(ctx, j, c0..e + 1);
        let marker = ctx.low(lo);
        let adjunct = matches!(
            marker,
            "since" | "during" | "before" | "after" | "while" | "when" | "amid"
        ) || marker == "as"
            && t.deprel.base() == "advcl"
            && (lo..=e).any(|k| {
                syn.get(k)
                    .is_some_and(|x| x.head as usize == j && x.deprel.base() == "nsubj")
            });
        if lo > c0 && adjunct {
            let cut = ctx.trim_end(c0, lo.saturating_sub(1).max(c0));
            if cut >= c0 && cut < e {
                c.content.1 = cut;
            }
        }
        return;
    }
}

/// Moves a kept pre-posed content's start past what hangs on the cue verb rather than
/// belonging to the content: an adjunct before the parse's `that` or wh- complement (`said
/// during a rally in Ohio that …`, `told the host on Thursday how …`) and the addressee of a
/// to-infinitive (`urged Congress to act`, `called on the mayor to resign`). Runs after the
/// filter and the end ranker, so what they learn is unchanged.
fn trim_start(ctx: &Ctx, c: &mut Cand) {
    if c.kind != AttributionType::Indirect {
        return;
    }
    let Some((_, i)) = c.cue else { return };
    let (c0, e) = c.content;
    if c0 != i + 1 || e <= c0 + 1 || ctx.upos(i) != Some(Upos::Verb) {
        return;
    }
    let low = ctx.low(i);
    let lemma = ctx.doc.lemma(i);
    trailing_adjunct(ctx, c, i);
    let (c0, e) = c.content;
    // No clause of its own between the cue and the new start; a participle used as an
    // adjective (`an invited crowd`) is none.
    let clean = |a: usize, b: usize| {
        (a..b).all(|j| {
            let modifier = ctx.has_arcs
                && ctx.upos(j) == Some(Upos::Verb)
                && ctx
                    .doc
                    .syntax
                    .get(j)
                    .is_some_and(|t| matches!(t.deprel.base(), "amod" | "compound"));
            (modifier || !matches!(ctx.upos(j), Some(Upos::Verb | Upos::Aux | Upos::Sconj)))
                && !ctx.is_quote(j)
        })
    };
    let clause = CLAUSE_VERBS.contains(&low) || OBJECT_VERBS.contains(&low);
    let parsed = dep_content(ctx, i)
        .map(|(a, _)| a)
        .filter(|_| ctx.has_arcs)
        .filter(|&a| clause && ctx.low(a) == "that" || WH_STARTS.contains(&ctx.low(a)));
    // Without such a parse: a subordinating `that` or a wh- word after an adjunct opening with
    // a preposition, adverb or time word, or after the addressee of `tell`.
    let tagged = || {
        let adjunct = matches!(ctx.upos(c0), Some(Upos::Adp | Upos::Adv))
            || TIME_WORDS.contains(&ctx.low(c0))
            || OBJECT_VERBS.contains(&low);
        (c0 + 1..(c0 + 15).min(e))
            .find(|&j| ctx.low(j) == "that" || WH_STARTS.contains(&ctx.low(j)))
            .filter(|&t| {
                adjunct
                    && clause
                    && (ctx.low(t) != "that" || ctx.upos(t) == Some(Upos::Sconj))
                    && (t + 1..=e).any(|j| matches!(ctx.upos(j), Some(Upos::Verb | Upos::Aux)))
            })
    };
    if let Some(a) = parsed.or_else(tagged) {
        if a > c0 + 1 && a <= e && a <= c0 + 14 && clean(c0, a) {
            c.content.0 = a;
            return;
        }
    }
    // `said Tuesday his actions were lawful`, `reported on Wednesday the agency had …`: the
    // cue's time adjunct is no part of what was said.
    let mut t = c0;
    if TIME_OPENERS.contains(&ctx.low(t)) || ctx.low(t) == "earlier" {
        t += 1;
    }
    if t < e && TIME_WORDS.contains(&ctx.low(t)) {
        t += 1;
        if matches!(ctx.low(t), "morning" | "afternoon" | "evening" | "night") {
            t += 1;
        }
        // `Friday's test` is a noun phrase, not an adjunct.
        if t < e
            && ctx.is_word(t)
            && !possessive_s(ctx, t)
            && (t..=e).any(|j| matches!(ctx.upos(j), Some(Upos::Verb | Upos::Aux)))
        {
            c.content.0 = t;
            return;
        }
    }
    if ADDRESSEE_TO.contains(&lemma) && (lemma != "call" || ctx.low(c0) == "on") {
        let to = (c0 + 1..(c0 + 9).min(e)).find(|&j| ctx.low(j) == "to");
        let ok = to.is_some_and(|t| {
            matches!(ctx.upos(t + 1), Some(Upos::Verb | Upos::Aux))
                && clean(c0, t)
                && (c0..t).all(|j| {
                    (ctx.is_word(j) || matches!(ctx.text(j), "'s" | "’s")) && ctx.low(j) != "that"
                })
        });
        if let Some(t) = to.filter(|_| ok) {
            c.content.0 = t;
        }
    }
}

/// `Trump has tried to use the ad against her, accusing her of …`: when the verb a participle
/// hangs on (`h`) has no subject of its own, the subject of the verb that verb complements
/// (`xcomp`, `advcl`, `conj`, up to three steps), ending before `before`.
fn governing_subject(ctx: &Ctx, h: usize, before: usize) -> Option<(usize, usize)> {
    let sent = ctx.sent_of.get(h).copied();
    let mut at = h;
    for _ in 0..3 {
        let t = ctx.doc.syntax.get(at).filter(|t| !t.is_root())?;
        if !matches!(t.deprel.base(), "advcl" | "xcomp" | "conj" | "ccomp") {
            return None;
        }
        at = t.head as usize;
        if ctx.sent_of.get(at).copied() != sent {
            return None;
        }
        if let Some(s) = syntax_subject(ctx, at).filter(|s| s.1 < before) {
            return Some(s);
        }
    }
    None
}

/// After a `cite`/`quote` cue at `cue`: the sentence's last content token (at least
/// `content_end`) and the last token of the cited noun phrase, when that phrase names a source
/// (`two anonymous officials`, `a spokesman`) and a claim follows it.
fn cited_phrase(ctx: &Ctx, cue: usize, content_end: usize) -> Option<(usize, usize)> {
    if !matches!(
        ctx.low(cue),
        "cite" | "cites" | "cited" | "citing" | "quote" | "quotes" | "quoted" | "quoting"
    ) {
        return None;
    }
    // The parse may have cut the content down to the cited phrase itself: the claim then
    // runs on to the end of the sentence.
    let c0 = cue + 1;
    let (s0, s1) = ctx.sent_range(cue);
    let e = ctx.trim_end(s0, s1.saturating_sub(1)).max(content_end);
    if e <= c0 + 2 {
        return None;
    }
    // The cited noun phrase ends where its claim is introduced.
    let mut j = c0;
    let limit = (c0 + 12).min(e);
    while j < limit
        && !matches!(
            ctx.low(j),
            "as" | "that" | ":" | "," | "with" | "who" | "saying"
        )
    {
        j += 1;
    }
    if j == c0 || j >= e {
        return None;
    }
    let sourcey = (c0..j).any(|k| {
        let w = ctx.low(k);
        ANON.contains(&w)
            || matches!(
                w,
                "official"
                    | "officials"
                    | "diplomat"
                    | "diplomats"
                    | "spokesman"
                    | "spokeswoman"
                    | "spokesperson"
                    | "aide"
                    | "aides"
                    | "people"
                    | "person"
                    | "analyst"
                    | "analysts"
                    | "expert"
                    | "experts"
                    | "witness"
                    | "witnesses"
            )
    });
    sourcey.then_some((e, j - 1))
}

/// `A report cites two anonymous officials with two claims: …`, `X quoted a source as saying
/// …`: the cited party is itself a source, nested in the citing one. Returns that inner
/// attribution when the content of `c` opens with such a noun phrase after a `cite`/`quote`
/// cue.
fn cited_source(ctx: &Ctx, c: &Cand) -> Option<Cand> {
    let (_, cue_end) = c.cue?;
    let (e, np_end) = cited_phrase(ctx, cue_end, c.content.1)?;
    // The content opens with the cited phrase, or (when the parse read the phrase as the
    // verb's object) with the `that` right after it.
    if c.content.0 != cue_end + 1 && !(c.content.0 == np_end + 1 && ctx.low(c.content.0) == "that")
    {
        return None;
    }
    let (c0, j) = (cue_end + 1, np_end + 1);
    let np = (c0, np_end);
    // Where the claim itself starts, and which word introduces it.
    let (cue, start) = match ctx.low(j) {
        "as" if matches!(ctx.low(j + 1), "saying" | "telling" | "stating") => ((j, j + 1), j + 2),
        "saying" | "that" => ((j, j), j + 1),
        "with" => {
            // `with (two interesting) claims: …` / `with claims that …`
            let k = (j + 1..(j + 6).min(e)).find(|&k| matches!(ctx.low(k), ":" | "that"))?;
            let noun = (j + 1..k).rev().find(|&x| ctx.is_word(x)).unwrap_or(j);
            ((noun, noun), k + 1)
        }
        ":" => ((j, j), j + 1),
        _ => return None,
    };
    if start > e {
        return None;
    }
    Some(Cand {
        kind: AttributionType::Indirect,
        cue: Some(cue),
        source: Some(np),
        content: (start, e),
    })
}

/// Looks for `, X said` / `, said X` right after a quotation that ends at token `last`.
fn attach_after(ctx: &Ctx, lex: &CueLexicon, opts: &ExtractOptions, last: usize) -> Option<Attach> {
    if let Some(a) = dash_signature(ctx, last) {
        return Some(a);
    }
    let n = ctx.doc.tokens.len();
    let near = (last + 16).min(n);
    // `"…," Scott Roe, the attorney general of Oklahoma, one of the states suing, said`: a
    // long subject reaches further when it is only a name with comma-set appositions.
    let end = (last + 36).min(n);
    let mut j = last + 1;
    // Skip a comma that sits outside the closing mark.
    while j < end && matches!(ctx.kind(j), Some(TokenKind::Punct)) && ctx.text(j) == "," {
        j += 1;
    }
    let start = j;
    // A quotation that closes its sentence takes no cue from the next one (`“… us.” Clinton
    // said on Monday.` is a new statement).
    let sent = ctx.sent_of.get(last).copied();
    while j < end {
        if ctx.is_quote(j) && !possessive_apostrophe(ctx, j)
            || ctx.is_punct(j, ".")
            || ctx.sent_of.get(j).copied() != sent
        {
            break;
        }
        // `"…", states Porter`: a finite verb inverted before a name right after the
        // quotation is its cue even when the form is mostly a noun elsewhere (`states`).
        let inverted = j == start
            && (ctx.upos(j) == Some(Upos::Verb)
                || ctx
                    .doc
                    .syntax
                    .get(j)
                    .is_some_and(|t| matches!(t.xpos_str(), "VBZ" | "VBD")))
            && ctx.is_word(j + 1)
            && ctx.is_cap(j + 1)
            && !ctx.is_pronoun(j + 1);
        let far = j >= near;
        if far && !(ctx.is_punct(j - 1, ",") || appositive_span(ctx, start, j)) {
            break;
        }
        if let Some(e) = lex.get(ctx.low(j)) {
            if e.class == CueClass::Verb
                && (e.weight >= opts.verb_threshold.max(0.5) || (inverted && e.weight > 0.0))
                && (!far || (ctx.is_punct(j - 1, ",") && appositive_span(ctx, start, j - 1)))
            {
                let mut cue_first = j;
                while cue_first > start && CUE_MODIFIERS.contains(&ctx.low(cue_first - 1)) {
                    cue_first -= 1;
                }
                let source = if cue_first > start {
                    Some((start, cue_first - 1))
                } else {
                    source_right(ctx, j)
                };
                return Some(((cue_first, j), source));
            }
        }
        if matches!(ctx.kind(j), Some(TokenKind::Punct))
            && j > start + 12
            && !appositive_span(ctx, start, j)
        {
            break;
        }
        j += 1;
    }
    None
}

/// `"…," X said, referring to the fee, "you give …"` and `"…," he said, but "when …"`: a
/// quotation later in the cue's sentence that opens in lowercase, with a comma right after
/// the cue and no finite verb between (which would make it another speaker's: `"…," Roe
/// said, and Poe added "…"`), goes on with the same statement.
fn split_continues(ctx: &Ctx, cue_last: usize, after: usize, next: &Quote) -> bool {
    let sent = ctx.sent_of.get(cue_last).copied();
    let first_word = next.first + 1;
    next.first > after + 1
        && next.first <= after + 16
        && ctx.is_punct(after + 1, ",")
        && ctx.sent_of.get(next.first).copied() == sent
        && ctx.is_word(first_word)
        && ctx
            .text(first_word)
            .chars()
            .next()
            .is_some_and(char::is_lowercase)
        && (after + 1..next.first).all(|j| {
            !ctx.is_punct(j, ".")
                && !ctx.is_quote(j)
                && !ctx
                    .doc
                    .syntax
                    .get(j)
                    .is_some_and(|t| matches!(t.xpos_str(), "VBD" | "VBZ" | "VBP" | "MD"))
        })
}

/// Whether tokens `a` and `b` lie in one paragraph.
fn same_paragraph(ctx: &Ctx, a: usize, b: usize) -> bool {
    let para = |i: usize| {
        ctx.doc.tokens.get(i).map(|t| {
            ctx.doc
                .paragraphs
                .partition_point(|p| p.end <= t.span.start)
        })
    };
    para(a).is_some() && para(a) == para(b)
}

/// Whether tokens `a..=b` (tagged) read as a name with comma-set appositions: a capitalized
/// word first, then no finite verb, auxiliary, quotation mark or sentence punctuation.
fn appositive_span(ctx: &Ctx, a: usize, b: usize) -> bool {
    !ctx.doc.syntax.is_empty()
        && ctx.is_cap(a)
        && (a..=b).all(|k| {
            let finite = ctx
                .doc
                .syntax
                .get(k)
                .is_some_and(|t| matches!(t.xpos_str(), "VBD" | "VBZ" | "VBP" | "MD"));
            !finite
                && ctx.upos(k) != Some(Upos::Aux)
                && (!ctx.is_quote(k) || possessive_apostrophe(ctx, k))
                && !matches!(ctx.text(k), "." | ";" | ":" | "?" | "!")
        })
}

/// Whether the quotation mark at `k` is the apostrophe of a plural possessive (`Sanders'
/// campaign manager`): glued to a word ending in `s`, a space and a word after it, and no
/// single quotation mark opened earlier in the sentence for it to close.
fn possessive_apostrophe(ctx: &Ctx, k: usize) -> bool {
    if !matches!(ctx.text(k), "'" | "’") || k == 0 {
        return false;
    }
    let (s0, _) = ctx.sent_range(k);
    ctx.is_word(k - 1)
        && ctx.low(k - 1).ends_with('s')
        && ctx.glued(k - 1, k)
        && ctx.is_word(k + 1)
        && !ctx.glued(k, k + 1)
        && !(s0..k - 1)
            .any(|j| matches!(ctx.text(j), "'" | "‘") && !ctx.glued(j.wrapping_sub(1), j))
}

/// `“…”― Jane Roe` closing its line: a quotation signed with a dash and a name (readers'
/// comments, epigraphs, tweets). The dash is the cue, the name (up to six words, maybe a
/// handle in parentheses) the source.
fn dash_signature(ctx: &Ctx, last: usize) -> Option<Attach> {
    let dash = last + 1;
    if !matches!(ctx.text(dash), "―" | "—" | "–") {
        return None;
    }
    let first = dash + 1;
    if !ctx.is_word(first) || !ctx.is_cap(first) {
        return None;
    }
    // The name runs to the end of the line (or text); the line break is the signature's end.
    let line_end = |j: usize| -> bool {
        match (ctx.doc.tokens.get(j), ctx.doc.tokens.get(j + 1)) {
            (Some(a), Some(b)) => ctx
                .doc
                .text
                .get(a.span.end as usize..b.span.start as usize)
                .is_some_and(|gap| gap.contains('\n')),
            (Some(_), None) => true,
            _ => false,
        }
    };
    let mut j = first;
    let mut words = 0;
    loop {
        if ctx.is_word(j) {
            words += 1;
        } else if !matches!(ctx.text(j), "." | "(" | ")" | "@" | "-" | "'") {
            return None;
        }
        if words > 6 {
            return None;
        }
        if line_end(j) {
            break;
        }
        j += 1;
    }
    let name_end = ctx.trim_end(first, j);
    Some(((dash, dash), Some((first, name_end))))
}

/// `Based on Porter's investigations, “…”`: a sentence that opens by naming what a quotation
/// rests on credits it to that work's owner (the whole noun phrase when it has none: `Based on
/// court records, “…”`). The quotation opens at token `first`, its sentence at `s0`.
fn based_on(ctx: &Ctx, s0: usize, first: usize) -> Option<Attach> {
    if ctx.low(s0) != "based" || ctx.low(s0 + 1) != "on" {
        return None;
    }
    let comma = first.checked_sub(1)?;
    if !ctx.is_punct(comma, ",") || comma < s0 + 3 || comma > s0 + 10 {
        return None;
    }
    let (a, b) = (s0 + 2, comma - 1);
    if !(a..=b).all(|j| ctx.is_word(j) || matches!(ctx.low(j), "'s" | "'")) {
        return None;
    }
    let owner = (a + 1..=b)
        .find(|&j| matches!(ctx.low(j), "'s" | "'"))
        .map(|p| (a, p - 1));
    Some(((s0, s0 + 1), Some(owner.unwrap_or((a, b)))))
}

/// Looks for `X said: "…"` / `X told reporters, "…"` before a quotation opening at `first`.
fn attach_before(
    ctx: &Ctx,
    lex: &CueLexicon,
    opts: &ExtractOptions,
    first: usize,
) -> Option<Attach> {
    let (mut s0, _) = ctx.sent_range(first);
    // `X said:` at the end of the previous sentence, the quotation opening the next one.
    let words_before = (s0..first).filter(|&j| ctx.is_word(j)).count();
    if words_before == 0 && s0 > 0 {
        let mut p = s0 - 1;
        while p > 0 && ctx.is_quote(p) {
            p -= 1;
        }
        if ctx.is_punct(p, ":") {
            s0 = ctx.sent_range(p).0;
        }
    }
    if let Some(a) = based_on(ctx, s0, first) {
        return Some(a);
    }
    if first > 0 && ctx.is_punct(first - 1, ":") {
        // A reporting verb before the colon first: `Jane Roe released the following
        // statement:` is a clause, not a speaker label.
        if let Some(a) = colon_cue(ctx, lex, first - 1) {
            return Some(a);
        }
        if let Some(src) = colon_source(ctx, lex, first - 1, false) {
            return Some(((first - 1, first - 1), Some(src)));
        }
        if let Some(a) = speech_noun_colon(ctx, first - 1) {
            return Some(a);
        }
    }
    let lo = first.saturating_sub(25).max(s0);
    let mut j = first;
    while j > lo {
        j -= 1;
        if ctx.in_quote.get(j).copied().unwrap_or(false) {
            break;
        }
        if let Some(e) = lex.get(ctx.low(j)) {
            if e.class == CueClass::Verb && e.weight >= opts.verb_threshold.max(0.5) {
                // A finite verb between cue and quotation means the cue already took a
                // reported clause of its own (`The Times said the emails were …, “…”`).
                let own_clause = (j + 1..first).any(|x| {
                    ctx.doc
                        .syntax
                        .get(x)
                        .is_some_and(|t| matches!(t.xpos_str(), "VBD" | "VBZ" | "VBP" | "MD"))
                });
                if own_clause {
                    return None;
                }
                let (cue, src) = cue_and_source_left(ctx, j);
                return Some((cue, src));
            }
        }
    }
    None
}

/// `“…,” Jane Roe said, adding later, “…”`: a speech verb of its own (a lexicon verb at the
/// verb threshold and at least 0.5, tagged a verb) between two quotations starts a new
/// statement rather than continuing the first. With `asides`, a participle or a verb
/// subordinate to another does not count: in `“…,” said Ms. Roe, referring to the fee. “…”` or
/// `after the mayor stated an interest in …` it took its own complement, and
/// the next quotation goes on with what was said (PolNeAR annotates it as one statement). A
/// participle with its own `that` clause (`adding that …`) still opens a statement of its own,
/// which the next quotation continues.
fn speech_between(
    ctx: &Ctx,
    lex: &CueLexicon,
    opts: &ExtractOptions,
    a: usize,
    b: usize,
    asides: bool,
) -> bool {
    (a..b).any(|j| {
        ctx.upos(j) == Some(Upos::Verb)
            && !ctx.in_quote.get(j).copied().unwrap_or(true)
            && !(asides
                && ctx.low(j + 1) != "that"
                && ctx.doc.syntax.get(j).is_some_and(|t| {
                    t.xpos_str() == "VBG" || matches!(t.deprel.base(), "advcl" | "acl" | "xcomp")
                }))
            && lex.get(ctx.low(j)).is_some_and(|e| {
                e.class == CueClass::Verb && e.weight >= opts.verb_threshold.max(0.5)
            })
    })
}

/// Whether token `j` is a dash with a space on each side (`HEADLINE - Jane Roe:`), not a
/// hyphen inside a word.
fn spaced_dash(ctx: &Ctx, j: usize) -> bool {
    matches!(ctx.text(j), "-" | "–" | "—" | "--")
        && j > 0
        && j + 1 < ctx.doc.tokens.len()
        && !ctx.glued(j - 1, j)
        && !ctx.glued(j, j + 1)
}

/// Whether the word before quotation mark `q` (past a comma or colon) is a verb: `adding, “…`.
fn introduced_by_verb(ctx: &Ctx, q: usize) -> bool {
    let mut p = q.saturating_sub(1);
    if p > 0 && (ctx.is_punct(p, ",") || ctx.is_punct(p, ":")) {
        p -= 1;
    }
    ctx.upos(p) == Some(Upos::Verb)
}

/// A possessive `'s` token (`CNN’s “State of the Union”`, `Sanders’s campaign`).
fn possessive_s(ctx: &Ctx, k: usize) -> bool {
    matches!(ctx.low(k), "'s" | "’s")
}

/// `“…,” Weiner said in May on the podcast “Here’s the Thing.”`: a quotation in title case
/// inside a sentence, right after a noun, name, determiner, adjective or preposition, names a
/// title or a slogan; it neither goes on with what was said nor floats as a statement of its
/// own. (`told the council “we will win”` is not in title case.)
fn embedded_title(ctx: &Ctx, q: &Quote, sent: Option<u32>) -> bool {
    const MINOR: &[&str] = &[
        "a", "an", "the", "of", "and", "or", "in", "on", "at", "to", "for", "by", "with", "from",
    ];
    let words = || (q.first + 1..q.last).filter(|&j| ctx.is_word(j));
    let before = q.first.wrapping_sub(1);
    q.first > 0
        && sent.is_some()
        && ctx.sent_of.get(q.first).copied() == sent
        && (possessive_s(ctx, before)
            || (ctx.is_word(before)
                && matches!(
                    ctx.upos(before),
                    Some(Upos::Noun | Upos::Propn | Upos::Det | Upos::Adj | Upos::Adp)
                )))
        && words().any(|j| ctx.is_cap(j))
        && words().all(|j| {
            ctx.is_cap(j)
                || MINOR.contains(&ctx.low(j))
                || ctx.text(j).starts_with(|c: char| !c.is_alphabetic())
        })
}

/// `Jane Roe continued: “…”`, `The Times reports: …`, `He made the following comment: …`: a
/// quotation after a clause ending in a colon whose verb (at most four words before it, no
/// comma between) is a lexicon word, whatever its weight, with a subject to its left. The cue
/// runs from the verb (with its auxiliaries) through the colon.
fn colon_cue(ctx: &Ctx, lex: &CueLexicon, colon: usize) -> Option<Attach> {
    if !ctx.has_arcs || !ctx.is_punct(colon, ":") {
        return None;
    }
    let (s0, _) = ctx.sent_range(colon);
    let lo = colon.saturating_sub(5).max(s0);
    // The nearest lexicon verb, or a verb whose object names an utterance: `released the
    // following statement:` passes over `following` to `released`.
    let known = |j: usize| {
        lex.get(ctx.low(j))
            .or_else(|| lex.get(ctx.doc.lemma(j)))
            .is_some()
            || (j + 1..colon).any(|k| {
                (SPEECH_NOUNS.contains(&ctx.low(k)) || matches!(ctx.low(k), "comment" | "comments"))
                    && ctx.doc.syntax.get(k).is_some_and(|t| t.head as usize == j)
            })
    };
    let v = (lo..colon).rev().find(|&j| {
        ctx.upos(j) == Some(Upos::Verb)
            && known(j)
            && (j + 1..colon).all(|k| ctx.is_word(k) || ctx.is_punct(k, "'s"))
    })?;
    let subj = syntax_subject(ctx, v).filter(|s| s.1 < v)?;
    if ctx.in_quote.get(v).copied().unwrap_or(true) {
        return None;
    }
    let ((c0, _), _) = cue_and_source_left(ctx, v);
    Some(((c0.max(subj.1 + 1), colon), Some(subj)))
}

/// Most tokens a [`colon_paragraph`] content runs to: one paragraph, cut short of a run-on one.
const MAX_COLON_PARAGRAPH: usize = 300;

/// `Jane Roe added:` closing its paragraph, the next paragraph what was added, set off as a
/// block without quotation marks (the quoted form is a direct quote, [`attach_before`]). The
/// content is that whole paragraph; the cue and source are read as [`colon_cue`] reads them.
/// Indirect: without the marks nothing says the words are the speaker's own.
fn colon_paragraph(ctx: &Ctx, lex: &CueLexicon, colon: usize) -> Option<Cand> {
    let first = colon + 1;
    if first >= ctx.doc.tokens.len() || ctx.is_quote(first) || same_paragraph(ctx, colon, first) {
        return None;
    }
    let ((cue0, cue1), src) = colon_cue(ctx, lex, colon)?;
    let mut last = first;
    while last + 1 < ctx.doc.tokens.len()
        && last < first + MAX_COLON_PARAGRAPH
        && same_paragraph(ctx, first, last + 1)
    {
        last += 1;
    }
    let last = ctx.trim_end(first, last);
    (last > first).then_some(Cand {
        kind: AttributionType::Indirect,
        cue: Some((cue0, cue1)),
        source: src,
        content: (first, last),
    })
}

/// Words of rubric and section labels that stand before a colon in headlines and bylines.
const SECTION_LABELS: &[&str] = &[
    "latest",
    "video",
    "videos",
    "exclusive",
    "breaking",
    "update",
    "updates",
    "photos",
    "photo",
    "gallery",
    "live",
    "analysis",
    "opinion",
    "editorial",
    "op-ed",
    "notice",
    "contributing",
    "correction",
    "clarification",
    "newsletter",
    "podcast",
    "quiz",
    "timeline",
    "factbox",
    "explainer",
    "recap",
    "related",
    "stat",
    "byline",
    "watch",
    "listen",
    "look",
    "flashback",
    "busted",
    "boom",
    "bombshell",
    "wow",
];

/// Nouns that name an utterance; with an owner they introduce a quotation after a colon.
const SPEECH_NOUNS: &[&str] = &[
    "words",
    "command",
    "commands",
    "order",
    "orders",
    "message",
    "statement",
    "remarks",
    "reply",
    "response",
    "answer",
    "warning",
    "plea",
    "appeal",
    "slogan",
    "motto",
    "instruction",
    "instructions",
    "advice",
    "call",
    "vow",
    "promise",
    "pledge",
    "threat",
    "verdict",
];

/// `The general's order was blunt: “…”`, `the callous command of Dana Roe still haunts them:
/// “…”`, `His reply: “…”`: a quotation after a colon, where the clause before the colon holds
/// an utterance noun ([`SPEECH_NOUNS`]; the lexicon's nouns, `statement` aside, name documents
/// and findings more often than utterances, and adding them made the retrained filter worse on
/// PolNeAR dev) with an owner — a capitalised name
/// before `'s`, a possessive pronoun, or a capitalised name after `of`. The noun is the cue, the
/// owner the source.
fn speech_noun_colon(ctx: &Ctx, colon: usize) -> Option<Attach> {
    if !ctx.is_punct(colon, ":") {
        return None;
    }
    let (s0, _) = ctx.sent_range(colon);
    if (s0..colon).any(|j| ctx.is_quote(j)) {
        return None;
    }
    let is_name = |j: usize| ctx.is_word(j) && ctx.is_cap(j) && ctx.upos(j) == Some(Upos::Propn);
    (s0..colon).find_map(|n| {
        let low = ctx.low(n);
        let speech = SPEECH_NOUNS.contains(&low);
        if !speech || ctx.upos(n) != Some(Upos::Noun) {
            return None;
        }
        // `X's N` (a few adjectives between), `his N`.
        let mut d = n;
        while d > s0 && ctx.upos(d - 1) == Some(Upos::Adj) {
            d -= 1;
        }
        if d > s0 {
            let p = d - 1;
            if possessive_s(ctx, p) && p > s0 && is_name(p - 1) {
                let mut b = p - 1;
                while b > s0 && is_name(b - 1) {
                    b -= 1;
                }
                return Some(((n, n), Some((b, p - 1))));
            }
            if matches!(ctx.low(p), "his" | "her" | "their" | "its") {
                return Some(((n, n), Some((p, p))));
            }
        }
        // `N of X`.
        if ctx.low(n + 1) == "of" && n + 2 < colon && is_name(n + 2) {
            let mut e = n + 2;
            while e + 1 < colon && is_name(e + 1) {
                e += 1;
            }
            return Some(((n, n), Some((n + 2, e))));
        }
        None
    })
}

/// `Jane Roe: …` — a short name-like prefix ending in a colon acts as source + cue (headlines,
/// transcripts). Returns the source range. `strict` (no quotation follows) asks for a name.
fn colon_source(ctx: &Ctx, lex: &CueLexicon, colon: usize, strict: bool) -> Option<(usize, usize)> {
    let (s0, _) = ctx.sent_range(colon);
    let mut a = s0;
    // `IOWA POLLS NOT WRONG - Jane Roe and Ann Poe: “…”` (newsletters quoting other
    // writers): the label starts after a dash set off by spaces.
    if let Some(d) = (s0 + 1..colon).rev().find(|&j| spaced_dash(ctx, j)) {
        a = d + 1;
    }
    while a < colon && !ctx.is_word(a) {
        a += 1;
    }
    if a >= colon || !ctx.is_cap(a) {
        return None;
    }
    let words = (a..colon).filter(|&j| ctx.is_word(j)).count();
    if !(1..=6).contains(&words) {
        return None;
    }
    // `The Latest:`, `VIDEO:`, `Delegate Update:`, `Contributing:`: a section or rubric label
    // names no speaker.
    if (a..colon).any(|j| SECTION_LABELS.contains(&ctx.low(j))) {
        return None;
    }
    // A lexicon verb makes the label a clause (`X said:`), unless a determiner makes it a
    // noun (`From the report:`).
    let ok = (a..colon).all(|j| {
        let l = ctx.low(j);
        (ctx.is_word(j)
            && !(lex.get(l).is_some_and(|e| e.class == CueClass::Verb)
                && (ctx.doc.syntax.is_empty()
                    || ctx.upos(j) == Some(Upos::Verb)
                    || !(j > a && ctx.upos(j - 1) == Some(Upos::Det)))))
            || matches!(l, "'s" | "," | "." | "-" | "(" | ")")
    });
    // With tags, a speaker label is a name (`Sen. Jane Roe:`), not a transcript's `Q:`/`A:`,
    // a clause or a discourse phrase (`For instance:`, `The Latest:`).
    let named = !strict
        || ctx.doc.syntax.is_empty()
        || ((a..colon).any(|j| ctx.upos(j) == Some(Upos::Propn))
            && (a..colon).all(|j| {
                matches!(
                    ctx.upos(j),
                    Some(
                        Upos::Propn | Upos::Noun | Upos::Det | Upos::Adj | Upos::Punct | Upos::Part
                    )
                )
            })
            && ctx.text(colon - 1).chars().count() > 1)
        || headline_label(ctx, a, colon);
    // `From the report:`, `More from the report:` name the report.
    let from = match (ctx.low(a), ctx.low(a + 1)) {
        ("from", _) => a + 1,
        ("more", "from") => a + 2,
        _ => a,
    };
    (ok && named && from < colon).then_some((from, colon - 1))
}

/// `WALLACE: … ` opening a paragraph of a transcript: the speaker's turn is the whole
/// paragraph, not only the label's sentence. Returns the turn's last token when the label
/// (`src`, before `colon`) is in capitals and nothing but quotation marks precedes it in its
/// paragraph.
fn speaker_turn_end(ctx: &Ctx, src: (usize, usize), colon: usize) -> Option<usize> {
    let caps = (src.0..=src.1).all(|j| {
        !ctx.is_word(j)
            || ctx.text(j).chars().filter(|c| c.is_alphabetic()).count() >= 2
                && ctx.text(j).chars().all(|c| !c.is_lowercase())
    });
    // Editors' notes are labelled the same way.
    if !caps
        || matches!(
            ctx.low(src.0),
            "note" | "update" | "updated" | "editor" | "correction" | "clarification" | "email"
        )
    {
        return None;
    }
    let at = ctx.doc.tokens.get(src.0)?.span.start;
    let para = ctx
        .doc
        .paragraphs
        .iter()
        .find(|p| p.start <= at && at < p.end)?;
    let opens_paragraph = ctx
        .doc
        .tokens
        .get(..src.0)?
        .iter()
        .rev()
        .take_while(|t| t.span.start >= para.start)
        .all(|t| matches!(t.kind, TokenKind::Quote));
    if !opens_paragraph {
        return None;
    }
    let n = ctx.doc.tokens.len();
    let mut last = colon;
    while last + 1 < n
        && ctx
            .doc
            .tokens
            .get(last + 1)
            .is_some_and(|t| t.span.end <= para.end)
    {
        last += 1;
    }
    let last = ctx.trim_end(colon, last);
    (last > colon + 1).then_some(last)
}

/// `Lynch: No outside influence on FBI probe` / `Poll: Sanders Leads`: a headline whose label
/// is a few capitalized words (the tagger often reads a lone headline name as a noun). The
/// text after the colon must look like a headline too: title case, no closing period, or the
/// document's first line.
fn headline_label(ctx: &Ctx, a: usize, colon: usize) -> bool {
    let (_, s1) = ctx.sent_range(colon);
    let label_ok = (a..colon).all(|j| ctx.is_word(j) && ctx.is_cap(j))
        && colon - a <= 3
        && !matches!(
            ctx.low(a),
            "note"
                | "update"
                | "updated"
                | "watch"
                | "editor"
                | "related"
                | "read"
                | "see"
                | "photo"
                | "video"
                | "source"
                | "sources"
                | "correction"
                | "q"
                | "a"
        );
    if !label_ok {
        return false;
    }
    let last = ctx.trim_end(colon, s1.saturating_sub(1));
    let (mut words, mut caps) = (0usize, 0usize);
    for j in colon + 1..=last {
        if ctx.is_word(j) {
            words += 1;
            caps += usize::from(ctx.is_cap(j));
        }
    }
    let no_period = !(last + 1..s1).any(|j| ctx.is_punct(j, ".") || ctx.is_punct(j, "?"))
        && !ctx.is_punct(last, ".");
    // The document's title line is a headline whatever its case and closing period.
    let title = ctx.sent_of.get(colon).is_some_and(|&s| s == 0);
    (2..=20).contains(&words) && (caps * 2 > words || no_period || title)
}

/// The cue span (with auxiliaries/adverbs to its left) and the source noun phrase before it.
fn cue_and_source_left(ctx: &Ctx, i: usize) -> ((usize, usize), Option<(usize, usize)>) {
    match source_left(ctx, i) {
        Some((src, cue_first)) => ((cue_first, i), Some(src)),
        None => {
            let (s0, _) = ctx.sent_range(i);
            let mut a = i;
            while a > s0 && CUE_MODIFIERS.contains(&ctx.low(a - 1)) {
                a -= 1;
            }
            ((a, i), None)
        }
    }
}

/// The subject of cue `i`: from the parse when there is one, else the noun phrase to its left.
/// Returns the source range and the first token of the cue (after leftward modifiers).
fn source_left(ctx: &Ctx, i: usize) -> Option<((usize, usize), usize)> {
    let (s0, _) = ctx.sent_range(i);
    let mut a = i;
    // An adverb the parse hangs on another word (`every article examined here named …`)
    // belongs to the source, not to the cue.
    let elsewhere = |j: usize| {
        ctx.has_arcs
            && ctx
                .doc
                .syntax
                .get(j)
                .is_some_and(|t| t.head as usize != i && (t.head as usize) < j)
    };
    while a > s0
        && (CUE_MODIFIERS.contains(&ctx.low(a - 1))
            || (matches!(ctx.upos(a - 1), Some(Upos::Adv | Upos::Aux)) && !elsewhere(a - 1)))
    {
        a -= 1;
    }
    // `Clinton is expected to win`, `the name was announced`: the subject of a passive cue is
    // what is said, not who says it (except `X was quoted as saying`).
    if passive_subject(ctx, i) {
        return None;
    }
    if let Some(src) = syntax_subject(ctx, i) {
        return Some((src, a));
    }
    if a == s0 {
        return None;
    }
    let end = a - 1;
    if ctx.is_punct(end, ",") {
        // `Jane Roe, who runs the agency, said`: the name before the appositive's first comma
        // plus the appositive itself.
        let lo = end.saturating_sub(20).max(s0);
        let c1 = (lo..end).rev().find(|&j| ctx.is_punct(j, ","))?;
        if c1 == s0 || !ctx.is_word(c1 - 1) {
            return None;
        }
        // `one of the firm's lawyers, Omar Hadi, said`: a description before the name.
        if !ctx.is_cap(c1 - 1) {
            let name = end - (c1 + 1);
            if !(1..=4).contains(&name)
                || !(c1 + 1..end).all(|j| ctx.is_word(j) && ctx.is_cap(j))
                || !(c1 + 1..end).all(|j| ctx.upos(j).is_none_or(|u| u == Upos::Propn))
            {
                return None;
            }
            let mut b = c1 - 1;
            while b > s0 && b + 8 > c1 {
                let p = b - 1;
                let low = ctx.low(p);
                let nominal = ctx.is_word(p)
                    && !matches!(low, "which" | "that" | "what" | "whose")
                    && (matches!(
                        ctx.upos(p),
                        Some(Upos::Propn | Upos::Noun | Upos::Adj | Upos::Det | Upos::Num)
                    ) || matches!(low, "of" | "'s" | "his" | "her" | "their" | "its"));
                if !nominal {
                    break;
                }
                b = p;
            }
            if matches!(ctx.upos(b), Some(Upos::Adp)) || ctx.low(b) == "'s" {
                return None;
            }
            if (b..end).any(|j| ctx.in_quote.get(j).copied().unwrap_or(false)) {
                return None;
            }
            return Some(((b, end - 1), a));
        }
        let mut b = c1 - 1;
        while b > s0
            && b + 6 > c1
            && ctx.is_word(b - 1)
            && (ctx.is_cap(b - 1) || ctx.text(b - 1) == ".")
        {
            b -= 1;
        }
        if (b..end).any(|j| ctx.in_quote.get(j).copied().unwrap_or(false)) {
            return None;
        }
        return Some(((b, end - 1), a));
    }
    if !ctx.is_word(end) {
        return None;
    }
    // `tweets early Friday saying …`: a time is no speaker.
    if TIME_WORDS.contains(&ctx.low(end)) {
        return None;
    }
    if ctx.is_pronoun(end) {
        return Some(((end, end), a));
    }
    if NP_STOP.contains(&ctx.low(end)) {
        return None;
    }
    let mut b = end;
    let mut steps = 0;
    while b > s0 && steps < 12 {
        let p = b - 1;
        if ctx.in_quote.get(p).copied().unwrap_or(false) {
            break;
        }
        let low = ctx.low(p);
        if ctx.is_word(p) {
            if NP_STOP.contains(&low) && !(low == "of" || low == "for" && ctx.is_cap(b)) {
                break;
            }
            // With tags, a noun phrase holds only nominal material.
            if let Some(u) = ctx.upos(p) {
                let nominal = matches!(
                    u,
                    Upos::Propn | Upos::Noun | Upos::Adj | Upos::Det | Upos::Num | Upos::Part
                ) || (u == Upos::Pron
                    && matches!(low, "his" | "her" | "their" | "its" | "our" | "my"))
                    || low == "of";
                if !nominal {
                    break;
                }
            }
        } else if ctx.is_punct(p, ",") {
            // Appositive: `Jane Roe, a spokeswoman for the agency, said` keeps the name.
            let lower_start = !ctx.is_cap(b);
            if lower_start && p > s0 && ctx.is_cap(p - 1) && ctx.is_word(p - 1) {
                b = p - 1;
                while b > s0 && ctx.is_cap(b - 1) && ctx.is_word(b - 1) {
                    b -= 1;
                }
            }
            break;
        } else if !(matches!(ctx.text(p), "-" | "." | "&") || ctx.low(p) == "'s") {
            break;
        }
        b = p;
        steps += 1;
    }
    Some(((b, end), a))
}

/// Whether cue `i` has a passive subject from the parse and is not a verb whose passive
/// subject still speaks (`was quoted as saying`, `was cited`).
fn passive_subject(ctx: &Ctx, i: usize) -> bool {
    let syn = &ctx.doc.syntax;
    if syn.len() != ctx.doc.tokens.len() || !ctx.has_arcs {
        return false;
    }
    let (s0, s1) = ctx.sent_range(i);
    let pass = (s0..s1).any(|j| {
        syn.get(j)
            .is_some_and(|t| t.head as usize == i && t.deprel.as_str() == "nsubj:pass")
    });
    pass && !matches!(ctx.doc.lemma(i), "quote" | "cite" | "describe" | "record")
        && !EXPERIENCER_PASSIVES.contains(&ctx.low(i))
}

/// Participles whose passive subject holds the stance (`Mr. Ackman is convinced that …`,
/// `voters are worried that …`): the experiencer, not what is said.
const EXPERIENCER_PASSIVES: &[&str] = &[
    "convinced",
    "persuaded",
    "assured",
    "concerned",
    "worried",
    "pleased",
    "surprised",
    "disappointed",
    "shocked",
    "alarmed",
    "encouraged",
    "disturbed",
    "troubled",
    "frustrated",
    "satisfied",
    "dismayed",
    "outraged",
    "angered",
    "delighted",
    "impressed",
    "offended",
    "disgusted",
    "horrified",
    "scared",
    "frightened",
    "terrified",
    "stunned",
    "amazed",
    "astonished",
    "thrilled",
    "excited",
    "bothered",
    "annoyed",
    "irritated",
    "puzzled",
    "confused",
    "intrigued",
    "heartened",
    "saddened",
    "relieved",
    "baffled",
    "unconvinced",
];

/// Leftmost and rightmost tokens of `within` that descend from `root` (walking heads up, bounded).
fn subtree_span(ctx: &Ctx, root: usize, within: std::ops::Range<usize>) -> (usize, usize) {
    let syn = &ctx.doc.syntax;
    let (mut lo, mut hi) = (root, root);
    for j in within {
        let mut h = j;
        for _ in 0..16 {
            if h == root {
                lo = lo.min(j);
                hi = hi.max(j);
                break;
            }
            match syn.get(h) {
                Some(t) if !t.is_root() => h = t.head as usize,
                _ => break,
            }
        }
    }
    (lo, hi)
}

/// `Sen. Jane Roe, noting the size of the crowd, said …`: the parse made the name the subject of
/// the participle set off by commas before the cue (first token `a`, head `i`), which it hangs
/// on the cue; the name is the cue's subject.
fn aside_participle_subject(ctx: &Ctx, a: usize, i: usize) -> Option<(usize, usize)> {
    let syn = &ctx.doc.syntax;
    if !ctx.has_arcs || a == 0 || !ctx.is_punct(a - 1, ",") {
        return None;
    }
    let (s0, _) = ctx.sent_range(i);
    let hangs = |j: usize, on: usize, rel: &str| {
        syn.get(j)
            .is_some_and(|t| !t.is_root() && t.head as usize == on && t.deprel.base() == rel)
    };
    let p = (s0 + 1..a).find(|&p| {
        hangs(p, i, "advcl") && matches!(ctx.xpos(p), "VBG" | "VBN") && ctx.is_punct(p - 1, ",")
    })?;
    let subj = (s0..p - 1).find(|&j| hangs(j, p, "nsubj"))?;
    let (lo, hi) = subtree_span(ctx, subj, s0..p - 1);
    let hi = ctx.trim_end(lo, hi);
    (lo <= hi && ctx.is_cap(lo)).then_some((lo, hi))
}

/// `nsubj`/`nsubj:pass` child of token `i` and its leftmost/rightmost descendants.
fn syntax_subject(ctx: &Ctx, i: usize) -> Option<(usize, usize)> {
    let syn = &ctx.doc.syntax;
    if syn.len() != ctx.doc.tokens.len() {
        return None;
    }
    let (s0, s1) = ctx.sent_range(i);
    let is_subj = |j: usize| {
        syn.get(j)
            .is_some_and(|t| t.head as usize == i && t.deprel.base() == "nsubj")
    };
    let subj = (s0..s1).find(|&j| is_subj(j))?;
    let (mut lo, mut hi) = subtree_span(ctx, subj, s0..s1);
    // A parse may split one subject in two (`Local radio host` and `Bertil Ansgar`, both
    // subjects of `reported`): a second subject right after the first extends it.
    while let Some(next) = Some(hi + 1).filter(|&j| j < i && is_subj(j)) {
        hi = subtree_span(ctx, next, s0..s1).1.max(next);
    }
    // A parser may hang the clause's commas on the subject; they are not part of the source.
    while lo < hi && matches!(ctx.kind(lo), Some(TokenKind::Punct)) {
        lo += 1;
    }
    while hi > lo && matches!(ctx.kind(hi), Some(TokenKind::Punct)) {
        hi -= 1;
    }
    Some((lo, hi))
}

/// Source after an inverted cue (`…, said Jane Roe.`) or after `according to`.
fn source_right(ctx: &Ctx, i: usize) -> Option<(usize, usize)> {
    let (_, s1) = ctx.sent_range(i);
    let a = i + 1;
    if a >= s1 || !ctx.is_word(a) {
        return None;
    }
    // `…, Franco wrote on Friday.`: a date after the cue is no source.
    if matches!(
        ctx.low(a),
        "on" | "in"
            | "at"
            | "last"
            | "this"
            | "yesterday"
            | "today"
            | "monday"
            | "tuesday"
            | "wednesday"
            | "thursday"
            | "friday"
            | "saturday"
            | "sunday"
    ) {
        return None;
    }
    let mut b = a;
    while b + 1 < s1 && b < a + 14 {
        let nx = b + 1;
        if !ctx.is_word(nx) && !matches!(ctx.text(nx), "-" | "&" | "'s" | "’s") {
            break;
        }
        if matches!(
            ctx.low(nx),
            "that" | "in" | "on" | "and" | "but" | "when" | "after" | "who"
        ) {
            break;
        }
        b = nx;
    }
    Some((a, b))
}

/// The end of a sentence-opening `According to X` source: [`source_right`] stops at the first
/// slash, dash, `and` or preposition (`an online University of Texas/Texas Tribune poll out
/// Thursday`, `USA TODAY contributor and monetary historian David Marsh`, `some on Twitter`),
/// but the source runs on to the comma before the content when no finite verb comes first.
fn source_to_comma(ctx: &Ctx, src: (usize, usize), s1: usize) -> usize {
    let comma = (src.1 + 1..(src.0 + 30).min(s1))
        .find(|&k| ctx.is_punct(k, ",") && !ctx.in_quote.get(k).copied().unwrap_or(true));
    match comma {
        Some(k) if k > src.1 + 1 && !(src.1 + 1..k).any(|j| finite(ctx, j)) => {
            ctx.trim_end(src.0, k - 1)
        }
        _ => src.1,
    }
}

/// `according to X, …` and `…, according to X.`
fn according(ctx: &Ctx, i: usize) -> Option<Cand> {
    if ctx.low(i + 1) != "to" {
        return None;
    }
    let (s0, s1) = ctx.sent_range(i);
    let mut src = source_right(ctx, i + 1)?;
    let before_words = (s0..i).filter(|&j| ctx.is_word(j)).count();
    if before_words <= 2 {
        src.1 = source_to_comma(ctx, src, s1);
    }
    let content = if before_words <= 2 {
        // Source first: content is the rest of the sentence after the comma.
        let skip_punct = |mut j: usize| {
            while j < s1 && !ctx.is_word(j) && !ctx.is_quote(j) {
                j += 1;
            }
            j
        };
        let mut c0 = skip_punct(src.1 + 1);
        // `According to the letter, which was seen by the Ledger, the mayor …`: the relative
        // clause describes the source; the content starts after its closing comma.
        // So does a participle (`According to Jack Kelly, writing for RealClearPolitics, …`),
        // which belongs to the source.
        let participle = ctx.upos(c0) == Some(Upos::Verb) && matches!(ctx.xpos(c0), "VBG" | "VBN");
        if (participle || matches!(ctx.low(c0), "which" | "who"))
            && c0 > 0
            && ctx.is_punct(c0 - 1, ",")
        {
            if let Some(k) = (c0 + 1..(c0 + 25).min(s1))
                .find(|&k| ctx.is_punct(k, ",") && !ctx.in_quote.get(k).copied().unwrap_or(true))
            {
                if participle {
                    src.1 = ctx.trim_end(src.0, k - 1);
                }
                c0 = skip_punct(k + 1);
            }
        }
        if c0 >= s1 {
            return None;
        }
        (c0, ctx.trim_end(c0, s1 - 1))
    } else {
        let mut e = i.checked_sub(1)?;
        e = ctx.trim_end(s0, e);
        if e < s0 {
            return None;
        }
        let mut c0 = s0;
        if c0 < e && ctx.low(c0) == "but" {
            c0 += 1;
        }
        // `Notably absent, according to members who spoke to reporters, was any mention of …`,
        // `Since November, according to the group, forces have killed …`: set off by commas
        // inside a sentence whose main verb (the parse's root, and no finite verb before) comes
        // after it, the phrase attributes the whole sentence, which reads on past it.
        let aside_end = (src.1 + 1..(src.1 + 20).min(s1))
            .find(|&k| ctx.is_punct(k, ",") && !ctx.in_quote.get(k).copied().unwrap_or(true));
        if let Some(k) = aside_end {
            let root = (s0..s1).find(|&j| {
                ctx.doc
                    .syntax
                    .get(j)
                    .is_some_and(|t| t.deprel.base() == "root")
            });
            if i > 0
                && ctx.is_punct(i - 1, ",")
                && root.is_some_and(|r| r > k)
                && !(c0..i).any(|j| finite(ctx, j))
                && (k + 1..s1).any(|j| finite(ctx, j))
            {
                e = ctx.trim_end(c0, s1 - 1);
            }
        }
        (c0, e)
    };
    Some(Cand {
        kind: AttributionType::AccordingTo,
        cue: Some((i, i + 1)),
        source: Some(src),
        content,
    })
}

/// Whether tokens `a..=b` after a cue hold no clause: no verb, auxiliary, subordinator,
/// `that` or quotation mark.
fn tail_clause_free(ctx: &Ctx, a: usize, b: usize) -> bool {
    (a..=b).all(|j| {
        !matches!(ctx.upos(j), Some(Upos::Verb | Upos::Aux | Upos::Sconj))
            && !ctx.is_quote(j)
            && ctx.low(j) != "that"
    })
}

/// `X said (that) …`, `X told Y that …`, `…, X said.`, `…, said X.`, passives.
fn verb_cue(ctx: &Ctx, lex: &CueLexicon, opts: &ExtractOptions, i: usize) -> Option<Cand> {
    let (s0, s1) = ctx.sent_range(i);
    if s1 <= s0 {
        return None;
    }
    let low = ctx.low(i);
    // Attributive participles (`the so-called`, `a said plan`) and infinitives after `to`
    // rarely introduce speech; neither do verbs directly after a determiner.
    if i > s0 && matches!(ctx.low(i - 1), "the" | "a" | "an" | "this" | "that") {
        return None;
    }
    let last_word = ctx.trim_end(s0, s1 - 1);
    // Post-posed: `…, X said.` / `…, said X.` — the cue sits after the content's comma.
    // With a parse, a cue that governs a complement to its right is never post-posed
    // (`On Twitter, X called Y “unhinged.”`).
    let dep = if opts.dep_content > 0 && ctx.has_arcs {
        dep_content(ctx, i)
    } else {
        None
    };
    // `…, reported the AFP.`: a comma, the cue, then only a short name to the sentence end
    // (a footnote marker may follow the period) is an inverted post-posed cue even when the
    // parse hangs the name on the cue as its object.
    let name_end = (i + 1..s1)
        .find(|&j| {
            !(matches!(ctx.kind(j), Some(TokenKind::Word))
                || matches!(ctx.text(j), "-" | "'s" | "’s"))
        })
        .unwrap_or(s1);
    let name_words = name_end - (i + 1);
    // `…, said Alan Abramowitz, a demographer at Emory University.`: the parse puts the
    // subject after the cue.
    let subj_after = if ctx.has_arcs {
        syntax_subject(ctx, i).filter(|s| s.0 > i)
    } else {
        None
    };
    // …or only a noun phrase follows (`…, said the company's chief executive, John Roe.`).
    // `…, Jane Roe, a senator, told AFP.`: after `tell` a name is the addressee, never an
    // inverted subject.
    let addressee = OBJECT_VERBS.contains(&low);
    // `Democracy for America, a progressive group, endorsed Sanders`: with a parsed subject
    // before the cue that holds an apposition and an object after the cue, the comma closes
    // the apposition and the noun phrase after the cue is what is endorsed, not who speaks
    // (a subject without one is more likely the parser's misreading of a post-posed cue,
    // `…, said the MPs`).
    let subject_before = ctx.has_arcs
        && syntax_subject(ctx, i)
            .is_some_and(|s| s.1 < i && (s.0..s.1).any(|j| ctx.is_punct(j, ",")))
        && (i + 1..s1).any(|j| {
            ctx.doc
                .syntax
                .get(j)
                .is_some_and(|t| !t.is_root() && t.head as usize == i && t.deprel.base() == "obj")
        });
    let nominal_tail = !ctx.doc.syntax.is_empty()
        && !addressee
        && !subject_before
        && last_word > i
        && matches!(
            ctx.upos(i + 1),
            Some(Upos::Det | Upos::Propn | Upos::Noun | Upos::Adj | Upos::Num)
        )
        && (i + 1..=last_word).all(|j| {
            !matches!(ctx.upos(j), Some(Upos::Verb | Upos::Aux | Upos::Sconj)) && !ctx.is_quote(j)
        });
    let subj_after = subj_after.or(nominal_tail.then(|| source_right(ctx, i)).flatten());
    // The content's comma may sit inside its closing mark (`…,'' said Jon Roe`).
    let comma_before_cue = i > s0
        && (ctx.is_punct(i - 1, ",")
            || (i > s0 + 1 && ctx.is_quote(i - 1) && ctx.is_punct(i - 2, ",")));
    // `…,'' said Carole Roe, the minister of finance at the time the tax was introduced.`:
    // the name is closed by a comma and an apposition, whatever clause that holds.
    let apposed_name = ctx.is_punct(name_end, ",")
        && matches!(
            ctx.upos(name_end + 1),
            Some(Upos::Det | Upos::Adj | Upos::Noun | Upos::Propn)
        )
        && (i + 1..name_end).all(|j| ctx.is_cap(j));
    let inverted = !subject_before
        && comma_before_cue
        && (subj_after.is_some()
            || (1..=5).contains(&name_words)
                && !addressee
                && (ctx.is_cap(i + 1) || (ctx.low(i + 1) == "the" && ctx.is_cap(i + 2)))
                && (apposed_name
                    || (ctx.is_punct(name_end, ".")
                        && (name_end..s1).all(|j| !matches!(ctx.kind(j), Some(TokenKind::Word))))));
    // `…, two officials told the Harbor Wire on condition of anonymity.`: after `tell` a
    // tail with no clause of its own names the addressee and circumstances, so the clause
    // before the comma is what was told, however long the tail and whatever the parse.
    let clause_before =
        || (s0..i).any(|j| matches!(ctx.upos(j), Some(Upos::Verb | Upos::Aux)) && j + 1 < i);
    let addressee_tail = addressee
        && !ctx.doc.syntax.is_empty()
        && tail_clause_free(ctx, i + 1, last_word)
        && clause_before();
    // `…, she said in a video message to the convention.`: likewise after a verb of saying, a
    // long tail of adjuncts (opening with a preposition, adverb or time) with no clause of its
    // own leaves the clause before the comma as content.
    let adjunct_tail = !addressee
        && CLAUSE_VERBS.contains(&low)
        && ((matches!(ctx.upos(i + 1), Some(Upos::Adp | Upos::Adv))
            // `reported by X` names the agent, `wrote about X` the topic, `tweeted out X`
            // the object.
            && !matches!(ctx.low(i + 1), "by" | "about" | "of" | "out" | "up" | "off" | "back"))
            || TIME_WORDS.contains(&ctx.low(i + 1))
            || (TIME_OPENERS.contains(&ctx.low(i + 1)) && TIME_WORDS.contains(&ctx.low(i + 2)))
            || month_word(ctx.low(i + 1)))
        && dep.is_none()
        && !ctx.doc.syntax.is_empty()
        && tail_clause_free(ctx, i + 1, last_word)
        && clause_before();
    // `…, Spicer said, adding, “They need to talk.”`: a participle set off after the cue
    // opens a statement of its own (`adding` is a cue too), so the clause before the
    // content's comma is what was said, however long the tail.
    let participle_tail = ctx.is_punct(i + 1, ",")
        && ctx.upos(i + 2) == Some(Upos::Verb)
        && ctx.xpos(i + 2) == "VBG"
        && clause_before();
    let comma_before = if dep.is_some() && !inverted && !addressee_tail {
        None
    } else {
        (s0..i).rev().take(10).find(|&j| ctx.is_punct(j, ","))
    };
    let tail_words = (i + 1..=last_word).filter(|&j| ctx.is_word(j)).count();
    if let Some(cm) = comma_before {
        // `Clinton “is the only candidate,” said X`: the comma may sit inside a closing mark.
        let between_ok = (cm + 1..i)
            .all(|j| ctx.is_word(j) || ctx.text(j) == "-" || (j == cm + 1 && ctx.is_quote(j)));
        if between_ok
            && (tail_words <= 6
                || subj_after.is_some()
                || inverted
                || addressee_tail
                || adjunct_tail
                || participle_tail)
            && cm > s0
        {
            let (cue, mut src) = cue_and_source_left(ctx, i);
            // `…, one of the attorneys, Justin Bamberg, said.`: a subject closed by its
            // apposition's comma sits between the content's comma and the cue.
            let apposed = src.filter(|s| {
                cue.0 == cm + 1
                    && s.1 < cm
                    && s.1 + 2 >= cm
                    && s.0 > s0 + 1
                    && s.1 < s.0 + 20
                    && ctx.is_punct(s.0 - 1, ",")
                    && !(s.0..=s.1).any(|j| ctx.in_quote.get(j).copied().unwrap_or(true))
            });
            if let Some(s) = apposed {
                let e = ctx.trim_end(s0, s.0 - 1);
                if e > s0 {
                    return Some(Cand {
                        kind: AttributionType::Indirect,
                        cue: Some(cue),
                        source: Some(s),
                        content: (s0, e),
                    });
                }
            }
            if cue.0 == cm + 1 || src.is_none() {
                src = source_right(ctx, i);
            }
            // The source of a post-posed cue never reaches back over the content's comma.
            let src = src.filter(|s| s.0 > cm).or(if cue.0 > cm + 1 {
                Some((cm + 1, cue.0 - 1))
            } else {
                source_right(ctx, i)
            });
            let e = ctx.trim_end(s0, cm);
            let c0 = s0;
            if e > c0 {
                return Some(Cand {
                    kind: AttributionType::Indirect,
                    cue: Some(cue),
                    source: src,
                    content: (c0, e),
                });
            }
        }
    }
    // Pre-posed: content follows the cue.
    let mut c0 = i + 1;
    if c0 > last_word {
        return None;
    }
    let mut source: Option<(usize, usize)> = None;
    // Passive with agent: `it was reported by X that …`.
    let passive = i > s0
        && (cue_and_source_left(ctx, i).0 .0..i)
            .any(|j| matches!(ctx.low(j), "was" | "were" | "been" | "is" | "are"));
    if ctx.low(c0) == "by" && passive {
        let s = source_right(ctx, c0)?;
        // `O'Malley's move was first reported by MSNBC`: without a reported clause after the
        // agent, what was reported is the passive subject.
        let subj = syntax_subject(ctx, i).filter(|x| x.1 < i && ctx.has_arcs);
        if let Some(subj) = subj.filter(|_| ctx.low(s.1 + 1) != "that") {
            let (cue, _) = cue_and_source_left(ctx, i);
            return Some(Cand {
                kind: AttributionType::Indirect,
                cue: Some((cue.0, c0)),
                source: Some(s),
                content: subj,
            });
        }
        source = Some(s);
        c0 = s.1 + 1;
    }
    if OBJECT_VERBS.contains(&low) {
        if let Some(t) = (c0..(c0 + 7).min(last_word + 1)).find(|&j| ctx.low(j) == "that") {
            c0 = t;
        } else if ctx.is_word(c0)
            && (ctx.is_pronoun(c0)
                || matches!(
                    ctx.low(c0),
                    "him" | "her" | "them" | "me" | "us" | "reporters"
                ))
        {
            c0 += 1;
        }
    }
    while c0 <= last_word && ctx.is_punct(c0, ",") {
        c0 += 1;
    }
    if c0 > last_word {
        return None;
    }
    // `said in a statement on Monday, …` / `said of the plan, …`: the adjunct is not content.
    if matches!(
        ctx.low(c0),
        "in" | "on"
            | "at"
            | "during"
            | "after"
            | "before"
            | "of"
            | "later"
            | "earlier"
            | "last"
            | "this"
            | "yesterday"
            | "today"
            | "monday"
            | "tuesday"
            | "wednesday"
            | "thursday"
            | "friday"
            | "saturday"
            | "sunday"
            | "about"
            | "while"
            | "when"
    ) {
        // Only when no clause opens before that comma: `reported on Tuesday that the mayor
        // opposed the plan, citing …` keeps its clause.
        let comma = (c0 + 1..(c0 + 14).min(last_word))
            .find(|&j| ctx.is_punct(j, ","))
            .filter(|&cm| {
                (c0 + 1..cm).all(|j| {
                    ctx.low(j) != "that" && !matches!(ctx.upos(j), Some(Upos::Verb | Upos::Aux))
                })
            });
        if let Some(cm) = comma {
            c0 = cm + 1;
            while c0 <= last_word && !ctx.is_word(c0) && !ctx.is_quote(c0) {
                c0 += 1;
            }
            if c0 > last_word {
                return None;
            }
        }
    }
    // `said Tuesday that …`, `said last week that …`: the time adjunct is not content.
    if TIME_WORDS.contains(&ctx.low(c0)) || matches!(ctx.low(c0), "last" | "this" | "early") {
        if let Some(t) = (c0 + 1..(c0 + 4).min(last_word)).find(|&j| ctx.low(j) == "that") {
            if (c0..t).all(|j| ctx.is_word(j) && ctx.upos(j) != Some(Upos::Verb)) {
                c0 = t;
            }
        }
    }
    let words_after = (c0..=last_word).filter(|&j| ctx.is_word(j)).count();
    let has_that = ctx.low(c0) == "that";
    let entry = lex.get(low).map_or(0.0, |e| e.weight);
    // Weak cues need a clear complement; strong ones accept any clause.
    // A parsed object licenses even a one-word content (`voters who support Sanders`).
    let dep_obj = dep.is_some_and(|(a, _)| a > i) && !CLAUSE_VERBS.contains(&low);
    let short = if dep_obj && opts.dep_content >= 3 {
        words_after < 1
    } else {
        words_after < 2 || (!has_that && entry < opts.verb_threshold.max(0.5) && words_after < 3)
    };
    // `75 percent said yes, but …`, `half said so`: a one-word answer is the whole content.
    if matches!(ctx.low(c0), "yes" | "no" | "so")
        && (c0 == last_word || !ctx.is_word(c0 + 1) || ctx.upos(c0 + 1) == Some(Upos::Cconj))
        && matches!(low, "said" | "say" | "says" | "answered" | "replied")
    {
        let (cue, src_left) = cue_and_source_left(ctx, i);
        return Some(Cand {
            kind: AttributionType::Indirect,
            cue: Some(cue),
            source: source.or(src_left),
            content: (c0, c0),
        });
    }
    if short {
        return None;
    }
    // Content runs to the end of the sentence, but stops before `, adding/saying …` (the next
    // attribution by the same source).
    let mut e = last_word;
    for j in c0 + 1..last_word {
        if ctx.is_punct(j, ",")
            && lex
                .get(ctx.low(j + 1))
                .is_some_and(|x| x.class == CueClass::Verb && x.weight >= 0.5)
            && ctx.low(j + 1).ends_with("ing")
        {
            e = ctx.trim_end(c0, j);
            break;
        }
        // `…, and he reiterated it on Thursday`: a new clause with its own pronoun subject.
        if ctx.is_punct(j, ",")
            && matches!(ctx.low(j + 1), "and" | "but")
            && matches!(ctx.low(j + 2), "he" | "she" | "they" | "we" | "i")
        {
            e = ctx.trim_end(c0, j);
            break;
        }
    }
    // Verbs that take a noun-phrase object (`announced his resignation on Monday, …`) rather
    // than a clause: the content is the object, so it ends at the first clause boundary.
    if !has_that && !CLAUSE_VERBS.contains(&low) {
        if let Some(b) = (c0 + 1..e).find(|&j| clause_boundary(ctx, j)) {
            e = ctx.trim_end(c0, b.saturating_sub(1).max(c0));
        }
    }
    if let Some((a, b)) = dep {
        let clause = has_that || CLAUSE_VERBS.contains(&low);
        if a > i && (opts.dep_content == 2 || !clause) {
            c0 = a;
            e = ctx.trim_end(a, b);
        } else if a > i
            && a <= c0 + 1
            && b < e
            && matches!(ctx.kind(b + 1), Some(TokenKind::Punct))
            && matches!(ctx.text(b + 1), "," | ";" | "—" | "–")
            && !conditional(ctx, i)
        {
            // `… that C, in an interview on Sunday` / `…, after half said so`: what follows the
            // complement clause after a comma or dash hangs on the cue verb, not inside the
            // content.
            e = ctx.trim_end(c0, b);
        }
    }
    let (mut cue, src_left) = cue_and_source_left(ctx, i);
    let source = source.or(src_left);
    // `took a shot at Clinton`, `offered his congratulations to Rubio`: a light verb's short
    // object belongs to the cue, and the prepositional object is what the stance is about.
    if c0 == i + 1 && !ctx.doc.syntax.is_empty() && LIGHT_VERBS.contains(&ctx.doc.lemma(i)) {
        let p = (c0 + 1..(c0 + 6).min(last_word)).find(|&j| {
            ctx.upos(j) == Some(Upos::Adp)
                && matches!(
                    ctx.low(j),
                    "at" | "against"
                        | "to"
                        | "on"
                        | "for"
                        | "into"
                        | "behind"
                        | "from"
                        | "about"
                        | "of"
                        | "over"
                        | "with"
                        | "toward"
                        | "towards"
                )
        });
        let obj_ok = p.is_some_and(|p| {
            (c0..p).all(|j| {
                ctx.is_word(j)
                    && !matches!(
                        ctx.upos(j),
                        Some(Upos::Verb | Upos::Aux | Upos::Sconj | Upos::Propn | Upos::Adp)
                    )
            })
        });
        if let Some(p) = p.filter(|_| obj_ok) {
            let end = (p + 2..=last_word)
                .find(|&j| clause_boundary(ctx, j))
                .map_or(last_word, |b| ctx.trim_end(p + 1, b - 1));
            if end > p {
                cue.1 = p;
                c0 = p + 1;
                e = e.max(end);
            }
        }
    }
    if c0 == i + 1 && c0 < e && cue_preposition(ctx, i) && !CLAUSE_VERBS.contains(&low) {
        cue.1 = c0;
        c0 += 1;
    }
    Some(Cand {
        kind: AttributionType::Indirect,
        cue: Some(cue),
        source,
        content: (c0, e),
    })
}

/// The complement of cue verb `i` from the parse, as one inclusive token range after the cue:
/// its `ccomp` subtree, or else its `obj`/`xcomp` subtrees plus a prepositional object right
/// after it (`called for a ban`, `voted against the bill`).
fn dep_content(ctx: &Ctx, i: usize) -> Option<(usize, usize)> {
    let syn = &ctx.doc.syntax;
    let (s0, s1) = ctx.sent_range(i);
    let mut kids = [usize::MAX; 4];
    let mut nk = 0usize;
    let mut has_ccomp = false;
    for j in i + 1..s1 {
        let Some(t) = syn.get(j) else { break };
        if t.head as usize != i {
            continue;
        }
        let take = match t.deprel.base() {
            "ccomp" => {
                if !has_ccomp {
                    nk = 0;
                    has_ccomp = true;
                }
                true
            }
            "obj" | "xcomp" => !has_ccomp,
            // Not for verbs of saying: `said on Monday` is an adjunct.
            "obl"
                if !has_ccomp
                    && nk == 0
                    && j <= i + 8
                    && cue_preposition(ctx, i)
                    && !CLAUSE_VERBS.contains(&ctx.low(i)) =>
            {
                true
            }
            // `described him as a visionary`, `attacked Rubio for not answering`: after an
            // object, a second complement belongs to the content.
            "obl" | "advcl" => {
                !has_ccomp
                    && nk > 0
                    && (i + 1..j).any(|x| {
                        syn.get(x).is_some_and(|t| {
                            t.head as usize == j
                                && matches!(t.deprel.base(), "case" | "mark")
                                && matches!(ctx.low(x), "as" | "for" | "with" | "of" | "about")
                        })
                    })
            }
            _ => false,
        };
        if take && nk < kids.len() {
            if let Some(k) = kids.get_mut(nk) {
                *k = j;
            }
            nk += 1;
        }
    }
    let kids = kids.get(..nk)?;
    if kids.is_empty() {
        return None;
    }
    let (mut lo, mut hi) = (usize::MAX, 0usize);
    for j in s0..s1 {
        let mut h = j;
        for _ in 0..24 {
            if kids.contains(&h) {
                lo = lo.min(j);
                hi = hi.max(j);
                break;
            }
            match syn.get(h) {
                Some(t) if !t.is_root() && t.head as usize != i => h = t.head as usize,
                _ => break,
            }
        }
    }
    while lo < hi && matches!(ctx.kind(lo), Some(TokenKind::Punct)) {
        lo += 1;
    }
    (lo != usize::MAX && lo > i && hi >= lo).then_some((lo, hi))
}

/// Whether cue verb `i` heads an `if`/`unless` clause: there the comma ends the condition,
/// and a content cut there would turn a hypothetical into a short assertion.
fn conditional(ctx: &Ctx, i: usize) -> bool {
    let (s0, _) = ctx.sent_range(i);
    (s0..i).any(|j| {
        matches!(ctx.low(j), "if" | "unless")
            && ctx.doc.syntax.get(j).is_some_and(|t| t.head as usize == i)
    })
}

/// Lemmas of light verbs whose object noun is part of the cue (`take a swipe at`).
const LIGHT_VERBS: &[&str] = &[
    "take", "make", "offer", "throw", "express", "voice", "level", "launch", "pay", "lend", "give",
    "raise", "draw", "sink", "hold", "extend", "direct", "aim", "heap", "pour",
];

/// Whether the word after verb cue `i` is a preposition that belongs to the cue (`called
/// for`, `spoke of`, `would point to`): its object is then the content.
fn cue_preposition(ctx: &Ctx, i: usize) -> bool {
    matches!(
        ctx.low(i + 1),
        "for" | "against" | "of" | "about" | "to" | "on" | "from" | "with" | "into" | "over"
    ) && ctx.upos(i + 1).is_none_or(|u| u == Upos::Adp)
}

/// Whether tagged token `i` looks like a predicate adjective taking a complement (`are afraid
/// that`, `is critical of`, `were willing to`): what the parse filter can see before the parse.
fn adj_shape(ctx: &Ctx, i: usize) -> bool {
    if ctx.upos(i) != Some(Upos::Adj) || !ctx.is_word(i) {
        return false;
    }
    let (s0, _) = ctx.sent_range(i);
    let copula = (i.saturating_sub(4).max(s0)..i).any(|j| {
        matches!(
            ctx.low(j),
            "is" | "are" | "was" | "were" | "be" | "been" | "being" | "'s" | "'re" | "'m" | "am"
        )
    });
    copula
        && matches!(
            ctx.low(i + 1),
            "that" | "whether" | "if" | "about" | "of" | "to" | "on" | "with" | "over"
        )
}

/// `Many Democrats are afraid that …`, `it was unclear whether …`, `Graham has been critical of
/// Trump`: the adjective (with its copula) is the cue, its subject the source (none for an
/// expletive `it`), the complement the content.
fn adj_cue(ctx: &Ctx, i: usize) -> Option<Cand> {
    if !ctx.has_arcs || !adj_shape(ctx, i) {
        return None;
    }
    let syn = &ctx.doc.syntax;
    let (s0, s1) = ctx.sent_range(i);
    let cop = (s0..i).find(|&j| {
        syn.get(j)
            .is_some_and(|t| !t.is_root() && t.head as usize == i && t.deprel.base() == "cop")
    })?;
    // `has been`, `weren't`: auxiliaries and a negation before the copula join the cue.
    let mut cop = cop;
    while cop > s0
        && syn.get(cop - 1).is_some_and(|t| {
            !t.is_root() && t.head as usize == i && matches!(t.deprel.base(), "aux" | "advmod")
        })
    {
        cop -= 1;
    }
    let last = ctx.trim_end(i, s1.saturating_sub(1));
    let prep = matches!(ctx.low(i + 1), "about" | "of" | "on" | "with" | "over");
    let c0 = if prep { i + 2 } else { i + 1 };
    if c0 > last {
        return None;
    }
    let subj = syntax_subject(ctx, i).filter(|s| s.1 < cop);
    let expletive = subj.is_some_and(|s| s.0 == s.1 && ctx.low(s.0) == "it");
    Some(Cand {
        kind: AttributionType::Indirect,
        cue: Some((cop, if prep { i + 1 } else { i })),
        source: subj.filter(|_| !expletive),
        content: (c0, last),
    })
}

/// `X's claim that …`, `the report that …`.
fn noun_cue(ctx: &Ctx, i: usize) -> Option<Cand> {
    let (s0, s1) = ctx.sent_range(i);
    // `the claim that …`, also over a short modifier (`his assertion during the debate that
    // …`), where `that` must then be tagged a complementizer, not a relative pronoun.
    let tagged = !ctx.doc.syntax.is_empty();
    let t = (i + 1..(i + 5).min(s1)).find(|&j| ctx.low(j) == "that")?;
    let between_ok = (i + 1..t).all(|j| {
        ctx.is_word(j) && !matches!(ctx.upos(j), Some(Upos::Verb | Upos::Aux | Upos::Pron))
    });
    if !between_ok
        || (t > i + 1 && !tagged)
        || (t > i + 1 && ctx.upos(t) != Some(Upos::Sconj))
        || t + 1 >= s1
    {
        return None;
    }
    let c0 = t;
    let e = ctx.trim_end(c0, s1 - 1);
    let mut source = None;
    if i >= s0 + 2 && possessive_s(ctx, i - 1) {
        let mut b = i - 2;
        while b > s0 && ctx.is_word(b - 1) && ctx.is_cap(b - 1) {
            b -= 1;
        }
        source = Some((b, i - 2));
    } else if i > s0
        && matches!(
            ctx.low(i - 1),
            "his" | "her" | "their" | "its" | "my" | "our"
        )
    {
        source = Some((i - 1, i - 1));
    }
    Some(Cand {
        kind: AttributionType::Indirect,
        cue: Some((i, i)),
        source,
        content: (c0, e),
    })
}

/// Words that mark an anonymous source.
const ANON: &[&str] = &[
    "anonymous",
    "anonymity",
    "unnamed",
    "unidentified",
    "source",
    "sources",
    "insider",
    "insiders",
    "condition",
];
/// Head nouns of documentary sources.
const DOCS: &[&str] = &[
    "report",
    "reports",
    "study",
    "poll",
    "polls",
    "survey",
    "memo",
    "statement",
    "warrant",
    "document",
    "documents",
    "records",
    "data",
    "filing",
    "letter",
    "complaint",
    "analysis",
    "video",
    "ad",
    "email",
    "emails",
    "tweet",
    "release",
    "lawsuit",
    "transcript",
    "book",
    "website",
    "page",
    "webpage",
    "figures",
    "numbers",
    "results",
];
/// Head nouns of media sources.
const MEDIA: &[&str] = &[
    "newspaper",
    "paper",
    "network",
    "outlet",
    "magazine",
    "times",
    "post",
    "journal",
    "cnn",
    "nbc",
    "abc",
    "cbs",
    "fox",
    "msnbc",
    "reuters",
    "ap",
    "politico",
    "breitbart",
    "bloomberg",
    "tribune",
    "herald",
    "news",
    "daily",
    "bbc",
    "npr",
    "wire",
    "press",
    "gazette",
    "radio",
    "television",
];
/// Head nouns of organizations.
const ORGS: &[&str] = &[
    "organization",
    "organisation",
    "movement",
    "campaign",
    "committee",
    "department",
    "agency",
    "party",
    "group",
    "company",
    "government",
    "administration",
    "office",
    "ministry",
    "council",
    "commission",
    "board",
    "court",
    "university",
    "institute",
    "foundation",
    "association",
    "union",
    "pac",
    "congress",
    "senate",
    "house",
    "team",
    "firm",
    "democrats",
    "republicans",
    "police",
    "fbi",
    "cia",
    "white",
    "authority",
    "bureau",
    "cooperative",
    "corporation",
    "coalition",
    "alliance",
    "federation",
    "service",
    "army",
    "military",
    "parliament",
    "assembly",
    "institution",
    // An organization's voice: `the MKO propaganda`, `the party leadership`, `the Trump camp`.
    "propaganda",
    "leadership",
    "camp",
    "wing",
    "headquarters",
    "regime",
    "cabinet",
];

/// `Rep. Jane Roe (D-Ohio), a panel member, said`: the name before a short parenthetical plus
/// the appositive, as the subject of the cue starting at `a` (read past the filter).
fn paren_appositive_source(ctx: &Ctx, a: usize) -> Option<(usize, usize)> {
    let (s0, _) = ctx.sent_range(a);
    if a <= s0 + 1 || !ctx.is_punct(a - 1, ",") {
        return None;
    }
    let end = a - 1;
    let c1 = (end.saturating_sub(20).max(s0)..end)
        .rev()
        .find(|&j| ctx.is_punct(j, ","))?;
    if c1 <= s0 || ctx.text(c1 - 1) != ")" {
        return None;
    }
    let b = name_before_paren(ctx, c1 - 1, s0)?;
    if (b..end).any(|j| ctx.in_quote.get(j).copied().unwrap_or(false)) {
        return None;
    }
    Some((b, end - 1))
}

/// The first word of the capitalized name (`Sen. Jane Roe`) right before the short
/// parenthetical that `close` closes (`(D-Ohio)`), when there is one.
fn name_before_paren(ctx: &Ctx, close: usize, s0: usize) -> Option<usize> {
    let open = (close.saturating_sub(5).max(s0)..close)
        .rev()
        .find(|&j| ctx.text(j) == "(")?;
    if open <= s0 || !ctx.is_word(open - 1) || !ctx.is_cap(open - 1) {
        return None;
    }
    let n = open - 1;
    let mut b = n;
    while b > s0 && b + 6 > n && ctx.is_word(b - 1) && (ctx.is_cap(b - 1) || ctx.text(b - 1) == ".")
    {
        b -= 1;
    }
    Some(b)
}

/// `Sen. Jane Roe (I-Vt.) called …`: a cue right after a short parenthetical that follows a
/// name (where the parse lost the subject in the parenthetical's tokens) reports for that name,
/// parenthetical included.
fn paren_name_source(ctx: &Ctx, a: usize) -> Option<(usize, usize)> {
    let (s0, _) = ctx.sent_range(a);
    if a <= s0 + 2 || ctx.text(a - 1) != ")" {
        return None;
    }
    let b = name_before_paren(ctx, a - 1, s0)?;
    if (b..a).any(|j| ctx.in_quote.get(j).copied().unwrap_or(false)) {
        return None;
    }
    Some((b, a - 1))
}

/// Source repairs past the filter: a time adjunct before the cue and an `as` clause are read
/// past; a source inside a noun's modifier widens to that noun; a source never reaches back
/// over a colon or semicolon; a leading conjunction is trimmed and a broken phrase, or one of
/// conjunctions, adverbs and prepositions only, dropped.
/// Applied past the filter, so training and the models are unchanged. (Taking a subject
/// pronoun or relative `who` right before the cue as source, and dropping sources that name
/// no one, raised dev but lowered PolNeAR train: dropped in session 13.)
fn repair_source(ctx: &Ctx, c: &mut Cand) {
    if ctx.doc.syntax.is_empty() || c.kind == AttributionType::AccordingTo {
        return;
    }
    // `Reyes on Friday said …`: a time adjunct between subject and finite cue hid the subject
    // from the left walk.
    if c.source.is_none() {
        c.source = c.cue.and_then(|(a, b)| source_before_time(ctx, a, b));
    }
    if let Some(x) = c
        .cue
        .and_then(|(a, b)| reporting_conjunct_subject(ctx, a, b))
    {
        c.source = Some(x);
    }
    if let Some(src) = as_source(ctx, c) {
        c.source = Some(src);
    }
    if let Some(src) = relative_clause_subject(ctx, c) {
        c.source = Some(src);
    }
    if let Some(src) = nearer_subject(ctx, c) {
        c.source = Some(src);
    }
    if let Some(x) = modified_noun_source(ctx, c) {
        c.source = Some(x);
    }
    // `Ah, friends once more: Quill endorses Reyes`: a source never reaches back over a colon
    // or semicolon; the short noun phrase after it, if any, is the subject.
    if let (Some(x), Some((ca, _))) = (c.source, c.cue) {
        if let Some(k) = (x.1 + 1..ca)
            .rev()
            .find(|&j| ctx.is_punct(j, ":") || ctx.is_punct(j, ";"))
        {
            c.source = phrase_after_colon(ctx, k, ca);
        }
    }
    // `and talk`, `when Clinton`: a leading conjunction is no part of the source; one that
    // ends in a preposition or conjunction (`sponsored by the network and`, `the valley
    // amid`) is a broken phrase.
    if let Some(mut x) = c.source {
        while x.0 < x.1
            && matches!(
                ctx.low(x.0),
                "and"
                    | "but"
                    | "or"
                    | "when"
                    | "while"
                    | "since"
                    | "because"
                    | "if"
                    | "after"
                    | "before"
            )
        {
            x.0 += 1;
        }
        // A verb particle (`who refused to bow out`) ends a phrase whole.
        let broken = x.0 < x.1
            && matches!(ctx.upos(x.1), Some(Upos::Cconj | Upos::Sconj | Upos::Adp))
            && !possessive_s(ctx, x.1)
            && ctx
                .doc
                .syntax
                .get(x.1)
                .is_none_or(|t| t.deprel.as_str() != "compound:prt");
        // `-- and, when`: no word of it names anything.
        let names = (x.0..=x.1).any(|j| {
            ctx.is_word(j)
                && !matches!(
                    ctx.upos(j),
                    Some(Upos::Cconj | Upos::Sconj | Upos::Adv | Upos::Adp | Upos::Part)
                )
        });
        c.source = (!broken && names).then_some(x);
    }
    // `…, Agence France-Presse reported`: a parse that split a hyphenated name gave only its
    // last part; the source takes the whole name and the capitalized name words before it.
    if let Some((x0, x1)) = c.source {
        let glued =
            |j: usize| ctx.text(j) == "-" && j >= 1 && ctx.glued(j - 1, j) && ctx.glued(j, j + 1);
        let (s0, _) = ctx.sent_range(x0);
        let mut lo = x0;
        while lo >= s0 + 2 && glued(lo - 1) && ctx.is_word(lo - 2) {
            lo -= 2;
        }
        if lo < x0 {
            while lo > s0 && ctx.upos(lo - 1) == Some(Upos::Propn) && ctx.is_cap(lo - 1) {
                lo -= 1;
            }
            let (c0, c1) = c.content;
            if lo > c1 || x1 < c0 {
                c.source = Some((lo, x1));
            }
        }
    }
    // `The court this month rejected …`: a parse that made the time adjunct a subject gave
    // it as the source; `The mayor on Tuesday said …`: the adjunct came along with the name.
    if let Some((x0, x1)) = c.source {
        let time = |j: usize| TIME_WORDS.contains(&ctx.low(j));
        let time_det = |j: usize| TIME_OPENERS.contains(&ctx.low(j));
        if time(x1) {
            let mut k = x1;
            while k > x0 && (time(k - 1) || time_det(k - 1)) {
                k -= 1;
            }
            if k == x0 {
                let (c0, c1) = c.content;
                // `…, Jane Roe said Monday.`, which a parse read with `Monday` as the
                // subject: the name right before the cue.
                c.source = c.cue.and_then(|(a, b)| {
                    source_before_time(ctx, a, b).or_else(|| {
                        name_before(ctx, a).filter(|s| x0 > b && (s.1 < c0 || s.0 > c1))
                    })
                });
            } else if time_det(k)
                && ctx.is_word(k - 1)
                // The adjunct of the cue itself (by the parse, or standing right before it in a
                // source without commas), not of a clause inside the source (`, who attended
                // the rally on Wednesday,`).
                && c.cue.is_some_and(|(a, b)| {
                    ctx.doc
                        .syntax
                        .get(x1)
                        .is_some_and(|t| (a..=b).contains(&(t.head as usize)))
                        || (x1 < a
                            && (x1 + 1..a).all(|j| CUE_MODIFIERS.contains(&ctx.low(j)))
                            && (x0..=x1).all(|j| !ctx.is_punct(j, ",")))
                })
            {
                c.source = Some((x0, k - 1));
            }
        }
    }
    // `2013`, `July, which`, `Friday, seeking an injunction`, a lone `an`: a date or an
    // article is no one.
    if let Some((x0, x1)) = c.source {
        let date = |j: usize| {
            let l = ctx.low(j);
            TIME_WORDS.contains(&l)
                || month_word(l)
                || (l.len() == 4
                    && l.bytes().all(|b| b.is_ascii_digit())
                    && matches!(l.as_bytes().first(), Some(b'1' | b'2')))
        };
        // A longer span that opens with a date (`Sunday, Mr. Frum, a former speechwriter`)
        // usually holds the source after it, and stays.
        let alone = x0 == x1
            || (x0 + 1 == x1 && ctx.is_punct(x1, ","))
            || (x0 + 2 == x1 && ctx.is_punct(x0 + 1, ",") && ctx.low(x1) == "which");
        if alone && (date(x0) || matches!(ctx.low(x0), "a" | "an" | "the")) {
            c.source = None;
        }
    }
    // `they could not resist pointing out`, `Keeps saying`, `withering criticism`: a source
    // with no nominal word (only verbs, auxiliaries or a describing adjective) is a word the
    // left walk ran into, not who speaks; the subject of the verb the cue complements, if any,
    // is.
    if let Some(x) = c.source {
        // A capitalized verb or adjective is a nationality or party (`Japanese`, `Republican`),
        // a name the tagger misread (`Will`) or a headline's label (`Breaking:`); `surveyed`
        // stands for `those surveyed`.
        let nominal = (x.0..=x.1).any(|j| match ctx.upos(j) {
            Some(Upos::Verb | Upos::Aux | Upos::Adj) => {
                ctx.is_cap(j)
                    || matches!(
                        ctx.low(j),
                        "many"
                            | "most"
                            | "few"
                            | "several"
                            | "other"
                            | "others"
                            | "some"
                            | "both"
                            | "all"
                            | "surveyed"
                            | "polled"
                            | "questioned"
                            | "interviewed"
                            | "asked"
                            | "sampled"
                    )
            }
            _ => ctx.is_word(j),
        });
        if !nominal {
            let (c0, c1) = c.content;
            c.source = c
                .cue
                .and_then(|(a, b)| complemented_subject(ctx, a, b))
                .filter(|s| s.1 < c0 || s.0 > c1);
        }
    }
}

/// The proper-noun run that ends right before token `a` in its sentence, if any.
fn name_before(ctx: &Ctx, a: usize) -> Option<(usize, usize)> {
    let (s0, _) = ctx.sent_range(a);
    let mut lo = a;
    while lo > s0 && ctx.upos(lo - 1) == Some(Upos::Propn) {
        lo -= 1;
    }
    (lo < a).then(|| (lo, a - 1))
}

/// The subject of the verb a cue verb complements (`they` for `pointing` in `they could not
/// resist pointing out`), when the cue is its open or clausal complement.
fn complemented_subject(ctx: &Ctx, a: usize, b: usize) -> Option<(usize, usize)> {
    let syn = &ctx.doc.syntax;
    let v = (a..=b).find(|&j| ctx.upos(j) == Some(Upos::Verb))?;
    let t = syn.get(v).filter(|t| !t.is_root())?;
    if !matches!(t.deprel.base(), "xcomp" | "ccomp") {
        return None;
    }
    syntax_subject(ctx, t.head as usize).filter(|s| s.1 < a)
}

/// `… would be more intense, and he noted that …`: a cue verb the parse gave two subjects
/// (it took the clause before as part of its own) reports for the nearer one, when the source
/// found ends before it.
fn nearer_subject(ctx: &Ctx, c: &Cand) -> Option<(usize, usize)> {
    let (ca, cb) = c.cue?;
    let (_, s1) = c.source?;
    let syn = &ctx.doc.syntax;
    let v = (ca..=cb).rev().find(|&j| ctx.upos(j) == Some(Upos::Verb))?;
    let (s0, _) = ctx.sent_range(v);
    let mut subjects = (s0..ca).filter(|&j| {
        syn.get(j)
            .is_some_and(|t| !t.is_root() && t.head as usize == v && t.deprel.base() == "nsubj")
    });
    let first = subjects.next()?;
    let nearest = subjects.next_back()?;
    if s1 >= nearest || first > s1 {
        return None;
    }
    let (lo, hi) = subtree_span(ctx, nearest, s1 + 1..ca);
    (hi < ca).then_some((lo, hi))
}

/// `the kind of job that many economists say is …`, `a term which some officials want …`:
/// a source that ends in a relative pronoun whose clause has a subject of its own before the
/// cue is that subject (the pronoun is the cue's object or the reported clause's subject).
fn relative_clause_subject(ctx: &Ctx, c: &Cand) -> Option<(usize, usize)> {
    let (ca, _) = c.cue?;
    let (_, s1) = c.source?;
    if !matches!(ctx.low(s1), "that" | "which" | "whom") || s1 + 1 >= ca {
        return None;
    }
    let mut e = ca - 1;
    while e > s1 + 1 && matches!(ctx.upos(e), Some(Upos::Adv | Upos::Aux | Upos::Part)) {
        e -= 1;
    }
    let np = (s1 + 1..=e).all(|j| {
        ctx.is_word(j)
            && !matches!(
                ctx.upos(j),
                Some(Upos::Verb | Upos::Aux | Upos::Adp | Upos::Sconj | Upos::Cconj)
            )
    }) && (s1 + 1..=e)
        .any(|j| matches!(ctx.upos(j), Some(Upos::Noun | Upos::Propn | Upos::Pron)));
    (np && e + 1 - (s1 + 1) <= 6).then_some((s1 + 1, e))
}

/// `Hawaii, as one adviser pointed out, rarely …`, `As many experts have noted, …`: an
/// `as` clause set off by a comma speaks for the noun phrase between `as` and its cue.
fn as_source(ctx: &Ctx, c: &Cand) -> Option<(usize, usize)> {
    let (a, b) = c.cue?;
    let (s0, _) = ctx.sent_range(a);
    let mut e = b + 1;
    while e < b + 3 && (ctx.upos(e) == Some(Upos::Adv) || matches!(ctx.low(e), "out" | "up")) {
        e += 1;
    }
    if !ctx.is_punct(e, ",") {
        return None;
    }
    let k = (a.saturating_sub(14).max(s0)..a)
        .rev()
        .find(|&j| ctx.low(j) == "as")?;
    if !(k == s0 || ctx.is_punct(k - 1, ",")) {
        return None;
    }
    let mut s1 = a - 1;
    while s1 > k + 1 && matches!(ctx.upos(s1), Some(Upos::Adv | Upos::Aux)) {
        s1 -= 1;
    }
    if s1 <= k
        || (k + 1..=s1).any(|j| matches!(ctx.upos(j), Some(Upos::Verb | Upos::Aux | Upos::Sconj)))
        || !(k + 1..=s1).any(|j| matches!(ctx.upos(j), Some(Upos::Noun | Upos::Propn | Upos::Pron)))
    {
        return None;
    }
    if c.source.is_some_and(|x| x.0 > k && x.1 <= s1) {
        return None;
    }
    Some((k + 1, s1))
}

/// The source of the statement whose cue a subjectless conjoined or paratactic cue verb in
/// `a..=b` hangs on, directly or through up to two more heads (a noun the parse conjoined the
/// verb to), within the sentence and before the cue.
fn governing_cue_source(ctx: &Ctx, cands: &[Cand], a: usize, b: usize) -> Option<(usize, usize)> {
    let syn = &ctx.doc.syntax;
    let v = (a..=b).rev().find(|&j| ctx.upos(j) == Some(Upos::Verb))?;
    let t = syn.get(v).filter(|t| !t.is_root())?;
    if !matches!(t.deprel.base(), "conj" | "parataxis") || syntax_subject(ctx, v).is_some() {
        return None;
    }
    let sent = ctx.sent_of.get(v);
    let mut h = t.head as usize;
    for _ in 0..3 {
        if h >= a || ctx.sent_of.get(h) != sent {
            return None;
        }
        let found = source_of_cue_at(ctx, cands, h);
        if found.is_some() {
            return found;
        }
        h = syn.get(h).filter(|t| !t.is_root())?.head as usize;
    }
    None
}

/// When source `x` of a participle cue starting at `cue` is a noun in a prepositional phrase
/// that hangs on another statement's cue before it (`said at a recent news conference
/// announcing`), that statement's source.
fn adjunct_of_cue_source(
    ctx: &Ctx,
    cands: &[Cand],
    x: (usize, usize),
    cue: usize,
) -> Option<(usize, usize)> {
    if !ctx.has_arcs || x.1 + 1 != cue {
        return None;
    }
    let syn = &ctx.doc.syntax;
    let h = span_head(ctx, x.0, x.1);
    let t = syn
        .get(h)
        .filter(|t| !t.is_root() && t.deprel.base() == "obl")?;
    let has_case = (x.0.saturating_sub(1)..h).any(|j| {
        syn.get(j)
            .is_some_and(|u| u.head as usize == h && u.deprel.base() == "case")
    });
    let g = t.head as usize;
    if !has_case || g >= x.0 || ctx.sent_of.get(g) != ctx.sent_of.get(cue) {
        return None;
    }
    source_of_cue_at(ctx, cands, g)
}

/// The source of the statement whose cue holds token `h`; the cue may still be only the
/// adverb before its verb `h` (`jokingly offered`).
fn source_of_cue_at(ctx: &Ctx, cands: &[Cand], h: usize) -> Option<(usize, usize)> {
    cands.iter().find_map(|c| {
        let (ca, cb) = c.cue?;
        let holds_h = (ca <= h && h <= cb)
            || (cb + 1 == h && ctx.doc.syntax.get(cb).is_some_and(|t| t.head as usize == h));
        holds_h.then_some(c.source).flatten()
    })
}

/// The subject of the main clause after a present-participle clause that opens its sentence
/// and holds cue `a..=b` (`After thanking the crowd, he touted`): the cue's participle hangs on
/// the main verb as `advcl`, its clause reaches back to the sentence's first word (or to a comma
/// after an opening adjunct: `Tuesday on the radio, while discussing …, Ryan said`), and the
/// subject stands after that clause. A perfect participle (`Having announced that …, Judge Roe
/// proceeded`) counts, and so does a participle the parse hangs as `acl` on the noun of an
/// opening prepositional phrase (`In addition to stating that …, Clinton has vowed`). Not a
/// bare past participle: `Asked by X about …, Y said` is asked by X (taking Y lowered PolNeAR
/// train and dev).
fn opening_clause_subject(ctx: &Ctx, a: usize, b: usize) -> Option<(usize, usize)> {
    let syn = &ctx.doc.syntax;
    let v = (a..=b).rev().find(|&j| ctx.upos(j) == Some(Upos::Verb))?;
    let t = syn.get(v).filter(|t| !t.is_root())?;
    let (s0, s1) = ctx.sent_range(v);
    let perfect = t.xpos_str() == "VBN"
        && (s0..v).any(|j| {
            ctx.low(j) == "having"
                && syn
                    .get(j)
                    .is_some_and(|x| x.head as usize == v && x.deprel.base() == "aux")
        });
    if t.xpos_str() != "VBG" && !perfect {
        return None;
    }
    let (top, h) = match t.deprel.base() {
        "advcl" => (v, t.head as usize),
        "acl" => {
            let n = t.head as usize;
            let tn = syn
                .get(n)
                .filter(|x| !x.is_root() && x.deprel.base() == "obl" && n < v)?;
            (n, tn.head as usize)
        }
        _ => return None,
    };
    let (lo, hi) = subtree_span(ctx, top, s0..s1);
    if !(lo == s0 || (lo > s0 && ctx.is_punct(lo - 1, ","))) || h <= hi {
        return None;
    }
    syntax_subject(ctx, h).filter(|s| s.0 > hi && s.1 < h)
}

/// A finite verb form (past, present, modal).
fn finite(ctx: &Ctx, j: usize) -> bool {
    matches!(ctx.upos(j), Some(Upos::Verb | Upos::Aux))
        && matches!(ctx.xpos(j), "VBD" | "VBZ" | "VBP" | "MD")
}

/// The start of the noun phrase ending at `end` (a nominal word), walking left over nominal
/// material only.
fn noun_phrase_before(ctx: &Ctx, end: usize, s0: usize) -> Option<usize> {
    let nominal = |j: usize| {
        matches!(
            ctx.upos(j),
            Some(Upos::Propn | Upos::Noun | Upos::Adj | Upos::Det | Upos::Num | Upos::Part)
        ) || matches!(
            ctx.low(j),
            "his" | "her" | "their" | "its" | "our" | "of" | "'s" | "-" | "." | "&"
        )
    };
    if !ctx.is_word(end) || !matches!(ctx.upos(end), Some(Upos::Propn | Upos::Noun)) {
        return None;
    }
    let mut b = end;
    while b > s0
        && b + 12 > end
        && nominal(b - 1)
        && !ctx.in_quote.get(b - 1).copied().unwrap_or(false)
    {
        b -= 1;
    }
    while b < end && matches!(ctx.low(b), "of" | "'s" | "-" | "." | "&") {
        b += 1;
    }
    Some(b)
}

/// Words that open a phrase listing members of the noun phrase before it (`, including …,`).
const SET_OFF_OPENERS: &[&str] = &[
    "including",
    "like",
    "such",
    "especially",
    "among",
    "notably",
];

/// The subject of a cue the parse left without one because a phrase set off by commas or
/// dashes stands between them:
/// - `Democratic candidates, including A and B, have proposed …`, `some economists — including
///   a minority of the committee — warn …`: the noun phrase before the set-off phrase, with it;
/// - `Democrats in Congress, fearing the consequences, failed …`: a participle clause between a
///   sentence's subject and its verb reports for that subject;
/// - `One month after announcing his support, Rubio still believes …`: a participle clause
///   opening the sentence reports for the subject after its comma.
fn set_off_subject(ctx: &Ctx, c: &Cand) -> Option<(usize, usize)> {
    let (ca, cb) = c.cue?;
    let (s0, s1) = ctx.sent_range(cb);
    if c.content.0 <= cb || c.kind == AttributionType::Direct {
        return None;
    }
    // A hyphen glued on both sides joins a compound (`policy-making`); it sets nothing off.
    let dash = |j: usize| {
        matches!(ctx.text(j), "-" | "--" | "—" | "–" | "―")
            && !(j > 0 && ctx.glued(j - 1, j) && ctx.glued(j, j + 1))
    };
    let xpos = |j: usize| ctx.xpos(j);
    let v = (ca..=cb).rev().find(|&j| ctx.upos(j) == Some(Upos::Verb))?;
    if xpos(v) == "VBG" {
        // The participle clause: from after its opening comma (or the sentence start) to the
        // comma after its content.
        let r = c.content.1 + 1;
        if r >= s1 || !ctx.is_punct(r, ",") {
            return None;
        }
        let l = (s0..ca).rev().find(|&j| ctx.is_punct(j, ","));
        let lead = l.map_or(s0, |l| l + 1);
        let opener = (lead..ca).all(|j| {
            matches!(
                ctx.upos(j),
                Some(
                    Upos::Adp
                        | Upos::Sconj
                        | Upos::Adv
                        | Upos::Part
                        | Upos::Num
                        | Upos::Det
                        | Upos::Noun
                        | Upos::Cconj
                )
            )
        }) && ca - lead <= 5;
        if !opener || (s0..ca).any(|j| finite(ctx, j)) {
            return None;
        }
        // The main clause's finite verb after the closing comma.
        let f = (r + 1..s1.min(r + 16)).find(|&j| finite(ctx, j))?;
        match l {
            None => {
                if let Some(s) = syntax_subject(ctx, f).filter(|s| s.0 > r && s.1 < f) {
                    return Some(s);
                }
                let mut e = f - 1;
                while e > r && matches!(ctx.upos(e), Some(Upos::Adv)) {
                    e -= 1;
                }
                let b = noun_phrase_before(ctx, e, r + 1)?;
                (b == r + 1).then_some((b, e))
            }
            Some(l) => {
                if !(r + 1..f).all(|j| ctx.upos(j) == Some(Upos::Adv)) || l == s0 {
                    return None;
                }
                if let Some(s) = syntax_subject(ctx, f).filter(|s| s.1 < l) {
                    return Some(s);
                }
                let b = noun_phrase_before(ctx, l - 1, s0)?;
                Some((b, l - 1))
            }
        }
    } else {
        // A finite cue: the words right before it (past auxiliaries and adverbs) close a
        // set-off phrase.
        let bare = matches!(xpos(v), "VB" | "VBP") && ca > s0 && ctx.low(ca - 1) != "to";
        if !bare
            && !(ca..=cb).any(|j| finite(ctx, j))
            && !(s0..ca).rev().take(3).any(|j| finite(ctx, j))
        {
            return None;
        }
        if syntax_subject(ctx, v).is_some() {
            return None;
        }
        let mut p = ca.checked_sub(1)?;
        while p > s0 && matches!(ctx.upos(p), Some(Upos::Aux | Upos::Adv)) {
            p -= 1;
        }
        let comma = ctx.is_punct(p, ",");
        if !(comma || dash(p)) || p <= s0 + 1 {
            return None;
        }
        let o = (p.saturating_sub(25).max(s0)..p).rev().find(|&j| {
            if comma {
                ctx.is_punct(j, ",")
            } else {
                dash(j)
            }
        })?;
        if o <= s0 || o + 1 >= p {
            return None;
        }
        let first = ctx.low(o + 1);
        let inner_finite = (o + 1..p).any(|j| finite(ctx, j));
        let listing = SET_OFF_OPENERS.contains(&first);
        let ok = listing
            || (matches!(first, "who" | "whose") && ctx.is_cap(o - 1))
            || (!comma && !inner_finite);
        if !ok || (listing && inner_finite) {
            return None;
        }
        let b = noun_phrase_before(ctx, o - 1, s0)?;
        if (s0..b).any(|j| finite(ctx, j)) {
            return None;
        }
        Some((b, p - 1))
    }
}

/// `Whitlock noted that the dam had been inspected and criticized the delay`: the parse hangs a
/// finite cue verb conjoined after a reported clause (in `a..=b`) on that clause's verb, so the
/// clause's subject became the source. When the clause has an auxiliary the conjunct lacks (its
/// tense cannot be shared), the conjunct belongs with the reporting verb: that verb's subject.
fn reporting_conjunct_subject(ctx: &Ctx, a: usize, b: usize) -> Option<(usize, usize)> {
    let syn = &ctx.doc.syntax;
    let v = (a..=b).find(|&j| ctx.upos(j) == Some(Upos::Verb))?;
    let tv = syn.get(v).filter(|t| {
        !t.is_root() && t.deprel.base() == "conj" && matches!(t.xpos_str(), "VBD" | "VBZ" | "VBP")
    })?;
    let h = tv.head as usize;
    let th = syn
        .get(h)
        .filter(|t| !t.is_root() && t.deprel.base() == "ccomp")?;
    let g = th.head as usize;
    if !(g < h && h < v)
        || ctx.sent_of.get(g) != ctx.sent_of.get(v)
        || ctx.upos(g) != Some(Upos::Verb)
    {
        return None;
    }
    let (s0, s1) = ctx.sent_range(v);
    let has_aux = |k: usize| {
        (s0..s1).any(|j| {
            syn.get(j)
                .is_some_and(|t| t.head as usize == k && t.deprel.base() == "aux")
        })
    };
    if !has_aux(h) || has_aux(v) || syntax_subject(ctx, v).is_some() {
        return None;
    }
    syntax_subject(ctx, g).filter(|s| s.1 < g)
}

/// The subject before a time adjunct that stands between it and finite cue `a..=b`
/// (`Reyes on Friday said`, `the board last week voted`); `None` for a participle.
fn source_before_time(ctx: &Ctx, a: usize, b: usize) -> Option<(usize, usize)> {
    if ctx.low(b).ends_with("ing") {
        return None;
    }
    let (s0, _) = ctx.sent_range(a);
    let mut k = a;
    while k > s0 && CUE_MODIFIERS.contains(&ctx.low(k - 1)) {
        k -= 1;
    }
    if k <= s0 + 1 || !TIME_WORDS.contains(&ctx.low(k - 1)) {
        return None;
    }
    let mut j = k - 1;
    if j > s0
        && matches!(
            ctx.low(j - 1),
            "on" | "last" | "this" | "early" | "late" | "later" | "earlier"
        )
    {
        j -= 1;
    }
    if j <= s0 || !ctx.is_word(j - 1) {
        return None;
    }
    source_left(ctx, j).map(|x| x.0).filter(|x| x.1 + 1 == j)
}

/// `One of the engineers who signed the letter called …`: a source the walk found inside a
/// relative clause or participle phrase (`the letter`) that the parse hangs on a noun before
/// it widens to that noun's phrase, when only words stand between them.
fn modified_noun_source(ctx: &Ctx, c: &Cand) -> Option<(usize, usize)> {
    if !ctx.has_arcs {
        return None;
    }
    let (ca, _) = c.cue?;
    let s = c.source?;
    if s.1 >= ca {
        return None;
    }
    let syn = &ctx.doc.syntax;
    let (s0, _) = ctx.sent_range(ca);
    let mut h = span_head(ctx, s.0, s.1);
    for _ in 0..5 {
        let t = syn.get(h).filter(|t| !t.is_root())?;
        let up = t.head as usize;
        if up >= ca || up < s0 {
            return None;
        }
        if matches!(t.deprel.as_str(), "acl" | "acl:relcl") && up < s.0 {
            let mut n = up;
            for _ in 0..3 {
                match syn.get(n) {
                    Some(u)
                        if !u.is_root()
                            && matches!(
                                u.deprel.base(),
                                "nmod" | "compound" | "flat" | "appos"
                            )
                            && (u.head as usize) < n
                            && (u.head as usize) >= s0 =>
                    {
                        n = u.head as usize
                    }
                    _ => break,
                }
            }
            let (lo, _) = subtree_span(ctx, n, s0..s.0);
            let clean = (lo..s.0).all(|j| {
                (ctx.is_word(j) || matches!(ctx.text(j), "-" | "'s" | "’s"))
                    && !ctx.in_quote.get(j).copied().unwrap_or(true)
            });
            if !clean
                || !matches!(
                    ctx.upos(n),
                    Some(Upos::Noun | Upos::Propn | Upos::Pron | Upos::Num)
                )
                || matches!(ctx.upos(lo), Some(Upos::Adp | Upos::Sconj | Upos::Cconj))
            {
                return None;
            }
            return Some((lo, s.1));
        }
        h = up;
    }
    None
}

/// `Quill said the ferry would run, though she acknowledged it was unlikely to happen.`: a cue
/// after a comma and a conjunction that opens a clause of its own, with a clause of three or
/// more words after it, reports what follows, not the sentence before the comma (the
/// post-posed reading the frame rules took). Applied past the filter.
fn coordinated_tail(ctx: &Ctx, c: &mut Cand) {
    if c.kind != AttributionType::Indirect {
        return;
    }
    let Some((a, b)) = c.cue else { return };
    if c.content.1 >= a {
        return;
    }
    let (_, s1) = ctx.sent_range(a);
    let Some(cm) = (c.content.1 + 1..a).find(|&j| ctx.is_punct(j, ",")) else {
        return;
    };
    if !matches!(
        ctx.low(cm + 1),
        "but" | "and" | "yet" | "so" | "though" | "although" | "while"
    ) || !(cm + 2..a).all(|j| ctx.is_word(j))
    {
        return;
    }
    let Some(last) = s1.checked_sub(1).map(|e| ctx.trim_end(b + 1, e)) else {
        return;
    };
    let mut c0 = b + 1;
    while c0 <= last && ctx.is_punct(c0, ",") {
        c0 += 1;
    }
    if last <= c0 || (c0..=last).filter(|&j| ctx.is_word(j)).count() < 3 {
        return;
    }
    c.content = (c0, last);
}

/// The short noun phrase between colon `k` and cue start `ca` (auxiliaries and adverbs before
/// the cue left out): at most six words, no verb, preposition or subordinator, a noun, name or
/// pronoun among them.
fn phrase_after_colon(ctx: &Ctx, k: usize, ca: usize) -> Option<(usize, usize)> {
    let mut e = ca.checked_sub(1)?;
    while e > k + 1 && matches!(ctx.upos(e), Some(Upos::Adv | Upos::Aux)) {
        e -= 1;
    }
    let ok = e > k
        && e - k <= 6
        && (k + 1..=e).all(|j| {
            ctx.is_word(j) && !matches!(ctx.upos(j), Some(Upos::Verb | Upos::Adp | Upos::Sconj))
        })
        && (k + 1..=e).any(|j| matches!(ctx.upos(j), Some(Upos::Noun | Upos::Propn | Upos::Pron)));
    ok.then_some((k + 1, e))
}

/// A raising verb (`seems`, `appeared`): its subject is no source.
fn raising_cue(ctx: &Ctx, j: usize) -> bool {
    matches!(
        ctx.low(j),
        "seem" | "seems" | "seemed" | "appear" | "appears" | "appeared"
    )
}

/// A token that ends a noun-phrase content: clause punctuation or a subordinating word.
fn clause_boundary(ctx: &Ctx, j: usize) -> bool {
    matches!(ctx.text(j), "," | ";" | "—" | "–" | "(")
        || matches!(
            ctx.low(j),
            "because" | "when" | "after" | "while" | "but" | "since" | "before" | "as" | "if"
        )
}

/// Head word of a source span: with a parse, the first word whose head lies outside the span
/// (`Seymour Hersh` in `the American journalist Seymour Hersh`, `Engel` in `Richard Engel and
/// Robert Windrem of NBC`); without one, the last word before an `of` or a comma, else the last.
fn span_head(ctx: &Ctx, a: usize, b: usize) -> usize {
    let mut head = parsed_head(ctx, a, b);
    // `Meridian Wire`: a flat name hangs on its first word; its last says what it is.
    let syn = &ctx.doc.syntax;
    while head < b
        && syn
            .get(head + 1)
            .is_some_and(|t| t.head as usize == head && t.deprel.base() == "flat")
    {
        head += 1;
    }
    // `the journalist Seymour Hersh`, `Its spokesperson, Lena Marsh`: a title before a name is
    // not what the span names.
    let name_from = if ctx.is_punct(head + 1, ",") {
        head + 2
    } else {
        head + 1
    };
    // (`Independent engineer Priya Okonedo, who …`: up to a relative clause after the name.)
    let name_end = (name_from..=b)
        .find(|&j| matches!(ctx.low(j), "who" | "whose") || ctx.is_punct(j, ","))
        .map_or(b, |j| j - 1);
    if !ctx.is_cap(head)
        && name_end >= name_from
        && (name_from..=name_end).all(|j| ctx.is_cap(j) && ctx.is_word(j))
    {
        return name_end;
    }
    // `Each of these reports`: a quantifier hands over to what it counts.
    if !matches!(ctx.upos(head), Some(Upos::Noun | Upos::Propn) | None)
        && (head + 1..b).any(|j| ctx.low(j) == "of")
    {
        return b;
    }
    head
}

/// The first word of `a..=b` whose parse head lies outside it; without arcs, the word before
/// the first `of` or comma, else the last.
fn parsed_head(ctx: &Ctx, a: usize, b: usize) -> usize {
    if ctx.has_arcs {
        let syn = &ctx.doc.syntax;
        if let Some(h) = (a..=b).find(|&j| {
            ctx.is_word(j)
                && syn
                    .get(j)
                    .is_some_and(|t| t.is_root() || !(a..=b).contains(&(t.head as usize)))
        }) {
            return h;
        }
    }
    (a + 1..=b)
        .find(|&j| ctx.low(j) == "of" || ctx.is_punct(j, ","))
        .map_or(b, |j| j - 1)
}

/// The first mention inside `span` or covering it; dates name no one (`officials … next week`).
fn mention_overlapping<'a>(ctx: &Ctx<'a>, span: Span) -> Option<&'a Mention> {
    ctx.doc
        .mentions
        .iter()
        .find(|m| m.label != EntityLabel::Date && (span.contains(m.span) || m.span.contains(span)))
}

/// The mention a source span names: the one holding the span's head word, else the first inside
/// the span (or covering it).
fn source_mention<'a>(ctx: &Ctx<'a>, s: (usize, usize)) -> Option<&'a Mention> {
    let span = ctx.span(s.0, s.1)?;
    let hw = span_head(ctx, s.0, s.1);
    let head = ctx.span(hw, hw);
    let mentions = &ctx.doc.mentions;
    // Failing that, the first name after the head (`a report by NBC News`; a date names no one)
    // or one covering the span; a name before the head modifies it (`American` in `the American
    // journalist X`).
    // Names inside a relative clause or an apposition after the head (`Residents who spoke to
    // the Ledger`) say nothing about what the head is.
    let cut = (hw + 1..=s.1)
        .find(|&j| matches!(ctx.low(j), "who" | "which" | "that" | "whose") || ctx.is_punct(j, ","))
        .and_then(|j| ctx.doc.tokens.get(j))
        .map_or(span.end, |t| t.span.start);
    head.and_then(|h| {
        let after = |m: &&Mention| {
            span.contains(m.span)
                && m.span.start >= h.end
                && m.span.end <= cut
                && m.label != EntityLabel::Date
        };
        mentions
            .iter()
            .find(|m| m.span.contains(h))
            .or_else(|| {
                // `a report by NBC News report by X`: a report takes the outlet named right
                // before it.
                let prev = hw
                    .checked_sub(1)
                    .filter(|&p| p >= s.0 && DOCS.contains(&ctx.low(hw)))?;
                let prev = ctx.span(prev, prev)?;
                mentions.iter().find(|m| {
                    span.contains(m.span)
                        && m.span.end == prev.end
                        && (m.label == EntityLabel::Media || outlet_name(ctx.doc.slice(m.span)))
                })
            })
            .or_else(|| {
                mentions
                    .iter()
                    .find(|m| after(m) && m.label == EntityLabel::Media)
            })
            .or_else(|| mentions.iter().find(after))
    })
    .or_else(|| mentions.iter().find(|m| m.span.contains(span)))
}

/// Source kind from the words of the span (and the NER label when a mention covers it).
fn source_kind(ctx: &Ctx, s: (usize, usize)) -> (SourceKind, Option<EntityLabel>) {
    let (a, b) = s;
    if a == b {
        match ctx.low(a) {
            "i" | "we" | "me" | "us" => return (SourceKind::Author, None),
            "he" | "she" | "him" | "her" | "who" | "they" => return (SourceKind::Person, None),
            // Capitalized opening a sentence, `It` is still no name; its referent decides.
            "it" => return (SourceKind::Unnamed, None),
            _ => {}
        }
    }
    let span = match ctx.span(a, b) {
        Some(s) => s,
        None => return (SourceKind::Unnamed, None),
    };
    let mention = source_mention(ctx, s);
    let label = mention.map(|m| m.label);
    let hw = span_head(ctx, a, b);
    // A relative clause after the head (`The firm, which hired two unnamed consultants`) says
    // nothing about what kind of source the head is: its words are not read.
    let full_b = b;
    let b = (hw + 1..=b)
        .find(|&j| matches!(ctx.low(j), "who" | "which" | "that" | "whose"))
        .map_or(b, |j| ctx.trim_end(a, j.saturating_sub(1).max(a)));
    // Except the one thing such a clause says about the source itself: that it asked not to be
    // named (`two officials who spoke on condition of anonymity`, `who declined to be named`).
    let asked_anonymity = (b + 1..=full_b).any(|j| anonymity_word(ctx, j, b + 1));
    let span = ctx.span(a, b).unwrap_or(span);
    // A name modifying a common-noun head (`US officials`, `Iranian diplomats`) describes
    // people without naming them: the head decides, not the name.
    let head_span = ctx.span(hw, hw);
    let modifier = mention_overlapping(ctx, span);
    if let (Some(m), Some(h)) = (modifier, head_span) {
        let label = Some(m.label);
        if !m.span.contains(h) && ctx.is_word(hw) && !ctx.is_cap(hw) {
            let head = ctx.low(hw);
            let kind = if ANON.contains(&head) {
                SourceKind::Anonymous
            } else if DOCS.contains(&head) {
                SourceKind::Document
            } else if MEDIA.contains(&head) {
                SourceKind::Media
            } else if ORGS.contains(&head) {
                SourceKind::Organization
            } else if asked_anonymity {
                SourceKind::Anonymous
            } else {
                SourceKind::Unnamed
            };
            if kind != SourceKind::Unnamed || !(a..b).any(|j| ANON.contains(&ctx.low(j))) {
                return (kind, label);
            }
        }
    }
    let mut anon = false;
    let mut has_cap = false;
    let mut head = "";
    for j in a..=b {
        let l = ctx.low(j);
        if ANON.contains(&l) {
            anon = true;
        }
        if ctx.is_word(j) {
            head = l;
            if ctx.is_cap(j) && j > a {
                has_cap = true;
            }
            // A sentence's first word is capitalized anyway: a plural common noun there
            // (`Farmers in the valley`, `Residents who …`) names no one.
            let plural_noun = ctx.doc.syntax.get(j).is_some_and(|t| t.xpos_str() == "NNS");
            if j == a
                && ctx.is_cap(j)
                && !plural_noun
                && !matches!(
                    l,
                    "the" | "a" | "an" | "two" | "three" | "some" | "several" | "many"
                )
            {
                has_cap = true;
            }
        }
    }
    if anon || (asked_anonymity && !matches!(label, Some(EntityLabel::Person))) {
        return (SourceKind::Anonymous, label);
    }
    // The parsed head, not the last word, names what the source is (`Richard Engel … of NBC
    // Television` is a person).
    if ctx.has_arcs && ctx.is_word(hw) {
        head = ctx.low(hw);
    }
    // A capitalized name ending in a media head (`Meridian Wire`, `The Daily Post`) is an
    // outlet even when the tagger reads it as a person.
    // `almost every outlet`, `many reports`: a quantified description names no one source.
    if (a..hw).any(|j| {
        matches!(
            ctx.low(j),
            "every"
                | "each"
                | "all"
                | "many"
                | "several"
                | "some"
                | "most"
                | "various"
                | "numerous"
        )
    }) {
        return (SourceKind::Unnamed, label);
    }
    // `the wire service`, `a news agency`.
    if matches!(head, "service" | "agency") && hw > a && MEDIA.contains(&ctx.low(hw - 1)) {
        return (SourceKind::Media, label);
    }
    if has_cap && MEDIA.contains(&head) && b > a {
        return (SourceKind::Media, label);
    }
    // Likewise a capitalized name ending in an organization head (`… Khalq Organization`),
    // and an all-capitals acronym (`the MKO`), are organizations whatever the tagger says.
    if has_cap && ORGS.contains(&head) && b > a {
        return (SourceKind::Organization, label);
    }
    let last = ctx.text(b);
    if (2..=6).contains(&last.len())
        && last.chars().all(|c| c.is_ascii_uppercase())
        && label != Some(EntityLabel::Media)
    {
        return (SourceKind::Organization, label.or(Some(EntityLabel::Org)));
    }
    match label {
        Some(EntityLabel::Person) => return (SourceKind::Person, label),
        Some(EntityLabel::Media) => return (SourceKind::Media, label),
        Some(EntityLabel::Org) | Some(EntityLabel::Gpe) | Some(EntityLabel::Norp) => {
            return (SourceKind::Organization, label)
        }
        _ => {}
    }
    if DOCS.contains(&head) {
        return (SourceKind::Document, label);
    }
    if MEDIA.contains(&head) {
        return (SourceKind::Media, label);
    }
    if ORGS.contains(&head) {
        return (SourceKind::Organization, label);
    }
    // A capitalized word names a person only when it is the head (`the MKO propaganda` is not;
    // nor is `Residents` opening a sentence).
    let head_cap = ctx.is_cap(hw) && ctx.doc.syntax.get(hw).is_none_or(|t| t.xpos_str() != "NNS");
    if has_cap && (head_cap || !ctx.has_arcs) {
        (SourceKind::Person, label)
    } else {
        (SourceKind::Unnamed, label)
    }
}

/// Title heads of definite descriptions that name a person already introduced (`the prosecutor`).
const TITLES: &[&str] = &[
    "prosecutor",
    "president",
    "minister",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "senator",
    "governor",
    "mayor",
    "chairman",
    "chairwoman",
    "director",
    "judge",
    "secretary",
    "ambassador",
    "general",
    "commander",
    "lawyer",
    "attorney",
    "journalist",
    "reporter",
    "author",
    "professor",
    "candidate",
    "congressman",
    "congresswoman",
    "lawmaker",
    "chief",
    "ceo",
];

/// Who was cited last (any source resolved to an entity) and which person spoke last, each
/// when recent enough to be what a pronoun or a description points back to.
#[derive(Clone, Copy, Default)]
struct Salience {
    speaker: Option<u32>,
    /// Whether that person spoke in the sentence being resolved.
    speaker_here: bool,
    /// Whether the last person to speak, recently, was named but matched no entity: a
    /// pronoun then means that person, whom no entity stands for.
    speaker_unresolved: bool,
    source: Option<u32>,
    /// The sentence of that source.
    source_sent: Option<u32>,
    /// The outlet cited last by name (`Meridian Wire reported …`), with its entity when the
    /// recognizer found one: what `the wire service` or `the agency` then means.
    outlet: Option<Option<u32>>,
}

/// Sentences back within which a definite description or a pronoun may find its referent.
const REFERENT_WINDOW: u32 = 5;

/// The referent of a document description with head word `head` starting at token `at`
/// (`the letter`) when the document introduced that document after the last citation (`The
/// authority sent a letter`): the entity naming the subject of the clause it is the object of;
/// for a subject no entity names, the source cited before when that is the same kind of party
/// (`The candidate sent out an email` after Ted Cruz spoke), else no one. `None` when no such
/// introduction is found: the caller's rule (the last cited source) holds.
fn introduced_document(ctx: &Ctx, at: usize, head: &str, recent: &Salience) -> Option<Option<u32>> {
    let sent = |j: usize| ctx.sent_of.get(j).copied().unwrap_or(0);
    let k = (0..at).rev().find(|&j| {
        ctx.low(j) == head
            && ctx.upos(j) == Some(Upos::Noun)
            && sent(j) + REFERENT_WINDOW >= sent(at)
    })?;
    if recent.source_sent.is_some_and(|c| sent(k) <= c) {
        return None;
    }
    let t = ctx
        .doc
        .syntax
        .get(k)
        .filter(|t| !t.is_root() && ctx.has_arcs && t.deprel.base() == "obj")?;
    let subj = syntax_subject(ctx, t.head as usize).filter(|x| x.1 < k)?;
    if let Some(e) = source_mention(ctx, subj).and_then(|m| m.entity) {
        return Some(Some(e));
    }
    let label = recent
        .source
        .and_then(|e| ctx.doc.entities.get(e as usize))
        .map(|x| x.label);
    let same_kind = label.is_some_and(|l| match source_kind(ctx, subj).0 {
        SourceKind::Person | SourceKind::Unnamed => l == EntityLabel::Person,
        SourceKind::Media => l == EntityLabel::Media,
        SourceKind::Organization => l == EntityLabel::Org,
        _ => false,
    });
    Some(recent.source.filter(|_| same_kind))
}

/// Resolves a source to an entity: the mention naming it; for `he`/`she`, the person who spoke
/// last when that was recent (news keeps a pronoun on the current speaker), else the nearest
/// earlier person mentioned outside quotations; for definite descriptions, the nearest recent
/// entity of the kind the head names (`the group` an organization, `the newspaper` and `the
/// report` an outlet, `the prosecutor` a person). No referent is better than a wrong one.
fn resolve(ctx: &Ctx, s: (usize, usize), kind: SourceKind, recent: Salience) -> Option<u32> {
    let doc = ctx.doc;
    if doc.entities.is_empty() {
        return None;
    }
    let span = ctx.span(s.0, s.1)?;
    if let Some(m) = source_mention(ctx, s) {
        if m.entity.is_some() {
            // `the Agency` after the International Energy Regulation Agency: a bare generic
            // head word stands for the one organization of the document named with it.
            let word = doc.slice(m.span);
            if ORGS.iter().any(|o| o.eq_ignore_ascii_case(word)) {
                if let Some(e) = named_with_head(doc, word) {
                    return Some(e);
                }
            }
            return m.entity;
        }
    }
    // `two US officials`: the name the description carries (used to group such sources).
    if matches!(kind, SourceKind::Anonymous | SourceKind::Unnamed) {
        if let Some(m) = mention_overlapping(ctx, span) {
            return m.entity;
        }
    }
    // `the authority's own website`, `its spokesperson`: whose it is names the source.
    if let Some(p) = (s.0 + 1..=s.1).find(|&j| matches!(ctx.low(j), "'s" | "’s" | "'")) {
        return resolve(ctx, (s.0, p - 1), SourceKind::Organization, recent);
    }
    if s.0 < s.1 && matches!(ctx.low(s.0), "its" | "their") {
        return resolve(ctx, (s.0, s.0), SourceKind::Organization, recent);
    }
    // A name the recognizer missed here but found elsewhere (`Porter` for Gareth Porter).
    let hw = span_head(ctx, s.0, s.1);
    if ctx.is_cap(hw) && ctx.is_word(hw) && !ctx.is_pronoun(hw) && s.0 + 2 >= s.1 {
        let name = ctx.text(hw);
        let named = |e: &headwater_doc::Entity| {
            e.name.rsplit(' ').next() == Some(name) || e.aliases.iter().any(|x| x == name)
        };
        let best = doc
            .entities
            .iter()
            .enumerate()
            .filter(|(_, e)| named(e))
            .max_by_key(|(i, e)| (e.mentions.len(), std::cmp::Reverse(*i)));
        if let Some((e, _)) = best {
            return Some(e as u32);
        }
    }
    let label_of = |e: u32| doc.entities.get(e as usize).map(|x| x.label);
    let first = ctx.low(s.0);
    let single = s.0 == s.1;
    let head = ctx.low(hw);
    let want: &[EntityLabel] = match first {
        "he" | "she" | "him" | "her" if single => {
            // `I got an email from Ali Safavi in which he …`: a person named earlier in the
            // pronoun's own sentence outranks a speaker from an earlier one.
            if !recent.speaker_here {
                if let Some(e) = person_before_in_sentence(ctx, s.0) {
                    return Some(e);
                }
            }
            if let Some(e) = recent
                .speaker
                .filter(|&e| label_of(e) == Some(EntityLabel::Person))
            {
                return Some(e);
            }
            if recent.speaker_unresolved {
                return None;
            }
            &[EntityLabel::Person]
        }
        "who" if single => &[EntityLabel::Person],
        "they" | "it" | "its" | "their" if single => &[EntityLabel::Org, EntityLabel::Media],
        "the" | "this" | "that" if !single => {
            // `the report` is the work of whoever was last cited, unless the document
            // introduced it since (`The authority sent a letter … According to the letter`):
            // then it is the work of whoever the introducing clause names as its subject.
            if DOCS.contains(&head) {
                return introduced_document(ctx, s.0, head, &recent).unwrap_or(recent.source);
            }
            // `the wire service`, `the news agency` are outlets; a bare `the agency` may be
            // one too (a wire agency) or a public body: the nearest of either.
            let outlet = matches!(head, "service" | "agency")
                && hw > s.0
                && MEDIA.contains(&ctx.low(hw - 1));
            let described = MEDIA.contains(&head) || outlet;
            // The outlet just cited is the one meant, even one the recognizer missed (then
            // no referent beats the nearest other organization).
            if let Some(o) = recent.outlet.filter(|_| described || head == "agency") {
                return o;
            }
            if described {
                &[EntityLabel::Media]
            } else if head == "agency" {
                &[EntityLabel::Org, EntityLabel::Media]
            } else if ORGS.contains(&head) {
                &[EntityLabel::Org]
            } else if TITLES.contains(&head) && kind == SourceKind::Person {
                &[EntityLabel::Person]
            } else {
                return None;
            }
        }
        _ => return None,
    };
    // `the authority` is the Northern Valley Water Authority when the document names one, even
    // if another organization was mentioned since.
    if !single && want != [EntityLabel::Person] {
        let names_head = |e: &headwater_doc::Entity| {
            std::iter::once(&e.name)
                .chain(&e.aliases)
                .any(|n| n.split(' ').skip(1).any(|w| w.eq_ignore_ascii_case(head)))
        };
        let named = doc
            .mentions
            .iter()
            .rev()
            .filter(|m| m.span.end <= span.start && want.contains(&m.label))
            .find_map(|m| {
                m.entity
                    .filter(|&e| doc.entities.get(e as usize).is_some_and(names_head))
            });
        if named.is_some() {
            return named;
        }
    }
    let sent = ctx.sent_of.get(s.0).copied().unwrap_or(0);
    // A description (`the board`) may point further back than a pronoun.
    let window = if single {
        REFERENT_WINDOW
    } else {
        2 * REFERENT_WINDOW
    };
    let quoted = |m: &Mention| {
        ctx.in_quote
            .get(doc.token_at_or_after(m.span.start))
            .copied()
            .unwrap_or(false)
    };
    doc.mentions
        .iter()
        .rev()
        .filter(|m| m.span.end <= span.start)
        .take_while(|m| {
            ctx.sent_of
                .get(doc.token_at_or_after(m.span.start))
                .is_none_or(|&ms| sent.saturating_sub(ms) <= window)
        })
        .filter(|m| !quoted(m) || ctx.in_quote.get(s.0).copied().unwrap_or(false))
        .find(|m| {
            // The entity's label (all its mentions) must agree too: one mention of a group
            // read as a person does not make `he` that group.
            let fits = |l: EntityLabel| {
                want.contains(&l)
                    || (want.contains(&EntityLabel::Org)
                        && matches!(l, EntityLabel::Org | EntityLabel::Media | EntityLabel::Norp))
            };
            (want.contains(&m.label) && m.entity.and_then(label_of).is_some_and(fits))
                || (want.contains(&EntityLabel::Media)
                    && m.entity.is_some()
                    && outlet_name(doc.slice(m.span)))
        })
        .and_then(|m| m.entity)
}

/// The one organization (or outlet) entity of `doc` whose multiword name ends in `word`
/// (`International Energy Regulation Agency` for `Agency`); none when there are several.
fn named_with_head(doc: &Document, word: &str) -> Option<u32> {
    let mut found = doc.entities.iter().enumerate().filter(|(_, e)| {
        matches!(e.label, EntityLabel::Org | EntityLabel::Media)
            && e.name.contains(' ')
            && e.name
                .rsplit(' ')
                .next()
                .is_some_and(|w| w.eq_ignore_ascii_case(word))
    });
    let (first, _) = found.next()?;
    found.next().is_none().then_some(first as u32)
}

/// The entity of the person mention nearest before token `i` in its sentence, outside
/// quotations (a person-labelled entity only).
fn person_before_in_sentence(ctx: &Ctx, i: usize) -> Option<u32> {
    let doc = ctx.doc;
    let (s0, _) = ctx.sent_range(i);
    let from = doc.tokens.get(s0)?.span.start;
    let to = doc.tokens.get(i)?.span.start;
    doc.mentions
        .iter()
        .rev()
        .filter(|m| m.span.start >= from && m.span.end <= to && m.label == EntityLabel::Person)
        .filter(|m| {
            !ctx.in_quote
                .get(doc.token_at_or_after(m.span.start))
                .copied()
                .unwrap_or(false)
        })
        .find_map(|m| {
            m.entity.filter(|&e| {
                doc.entities.get(e as usize).map(|x| x.label) == Some(EntityLabel::Person)
            })
        })
}

/// Whether a name reads as an outlet's whatever label the recognizer gave it, as `source_kind`
/// reads it: a capitalized outlet word after its first word (`Meridian Wire`, `The Daily Post`;
/// also `Meridian Wire reported` when the recognizer ran the name into the verb).
fn outlet_name(name: &str) -> bool {
    name.split(' ').skip(1).any(|w| {
        w.chars().next().is_some_and(char::is_uppercase)
            && MEDIA.iter().any(|m| m.eq_ignore_ascii_case(w))
    })
}

/// A relative pronoun source widened to the noun phrase it stands for: `solid reports which` in
/// `solid reports which indicate …`, `Benjamin Netanyahu, who` in `Benjamin Netanyahu, who calls …`.
fn relative_antecedent(ctx: &Ctx, s: (usize, usize)) -> Option<(usize, usize)> {
    if s.0 != s.1 || !matches!(ctx.low(s.0), "who" | "which" | "that") || !ctx.has_arcs {
        return None;
    }
    let syn = &ctx.doc.syntax;
    let verb = syn.get(s.0).filter(|t| !t.is_root())?.head as usize;
    let rel = syn.get(verb)?;
    if rel.is_root() || rel.deprel.as_str() != "acl:relcl" {
        return None;
    }
    let noun = rel.head as usize;
    if noun >= s.0 {
        return None;
    }
    let (s0, _) = ctx.sent_range(noun);
    let (mut lo, _) = subtree_span(ctx, noun, s0..s.0);
    // `according to Meridian Wire, which`: the preposition is not part of the noun phrase.
    while lo < noun
        && (!ctx.is_word(lo)
            || syn
                .get(lo)
                .is_some_and(|t| matches!(t.deprel.base(), "case" | "fixed" | "cc" | "mark")))
    {
        lo += 1;
    }
    // A parse that hangs the phrase's first modifiers elsewhere (`his "own confidential
    // source" who`, with `own` read as a verb's object) leaves them out: determiners,
    // possessives, adjectives and quotation marks right before the phrase belong to it.
    let np_word = |k: usize| {
        matches!(ctx.upos(k), Some(Upos::Det | Upos::Adj))
            || syn.get(k).is_some_and(|t| t.xpos_str() == "PRP$")
    };
    while lo > s0 {
        let p = lo - 1;
        if np_word(p) {
            lo = p;
        } else if ctx.is_quote(p) && p > s0 && np_word(p - 1) {
            // A quotation mark only inside the phrase, after one of its words.
            lo = p - 1;
        } else {
            break;
        }
    }
    // The pronoun stays in the span: it is the source word; the noun phrase says who that is.
    Some((lo, s.0))
}

/// The noun phrase a subjectless verb `v` reports for when it continues a relative clause that
/// opens after a comma before `src_start`: `Mohamed Ali Lobnani, a Lebanese national, who was
/// arrested on charges of spying for Mossad confessed …` gives `Mohamed Ali Lobnani`.
fn relative_clause_antecedent(ctx: &Ctx, v: usize, src_start: usize) -> Option<(usize, usize)> {
    let syn = &ctx.doc.syntax;
    let (s0, _) = ctx.sent_range(v);
    // Up from the verb through clause links (`advcl`, `conj`) to the relative clause's verb.
    let mut h = v;
    let mut rel = None;
    for _ in 0..3 {
        let t = syn.get(h).filter(|t| !t.is_root())?;
        if t.deprel.as_str() == "acl:relcl" {
            rel = Some(h);
            break;
        }
        if !matches!(t.deprel.base(), "advcl" | "conj") {
            return None;
        }
        h = t.head as usize;
    }
    let rel = rel?;
    // Its relative pronoun subject, after a comma and before the walked source.
    let r = (s0 + 1..src_start).find(|&j| {
        matches!(ctx.low(j), "who" | "which")
            && syn
                .get(j)
                .is_some_and(|t| t.head as usize == rel && t.deprel.base() == "nsubj")
    })?;
    let comma = r - 1;
    if !ctx.is_punct(comma, ",") || comma <= s0 {
        return None;
    }
    // The noun phrase before the comma; an appositive description (`, a Lebanese national,`)
    // hands over to the name before it.
    let e = comma - 1;
    if !ctx.is_word(e) {
        return None;
    }
    let mut b = e;
    while b > s0 && ctx.is_word(b - 1) && e - b < 8 {
        b -= 1;
    }
    if ctx.is_cap(b) {
        return Some((b, e));
    }
    if b < s0 + 2 || !ctx.is_punct(b - 1, ",") || !ctx.is_word(b - 2) || !ctx.is_cap(b - 2) {
        return None;
    }
    let ne = b - 2;
    let mut nb = ne;
    while nb > s0 && ctx.is_word(nb - 1) && ctx.is_cap(nb - 1) && ne - nb < 5 {
        nb -= 1;
    }
    Some((nb, ne))
}

/// Whether the sentence of source `s` says, after it and outside the content, that the source
/// spoke anonymously: `on condition of anonymity`, `speaking anonymously`, `who were not
/// authorized to speak`, `asked not to be named`. Inside the content only as a participle or
/// relative clause closing it after a comma (`said the deal was close, speaking on condition
/// of anonymity`), which tells how the source spoke; not `said the minister spoke anonymously`.
fn anonymity_after_source(ctx: &Ctx, c: &Cand, s: (usize, usize)) -> bool {
    let (_, s1) = ctx.sent_range(s.1);
    let (c0, c1) = c.content;
    let manner = (c0 + 1..c1)
        .find(|&j| {
            ctx.is_punct(j, ",")
                && matches!(ctx.low(j + 1), "speaking" | "who" | "both")
                && !ctx.in_quote.get(j).copied().unwrap_or(true)
        })
        .unwrap_or(c1 + 1);
    let outside = |j: usize| j < c0 || j > manner;
    (s.1 + 1..s1).any(|j| {
        outside(j)
            && (anonymity_word(ctx, j, j.saturating_sub(5).max(s.1 + 1))
                || (ctx.low(j) == "authorized"
                    && j >= 1
                    && matches!(ctx.low(j - 1), "not" | "n't")
                    && ctx.low(j + 1) == "to"))
    })
}

/// Whether token `j` ends words saying that a source asked not to be named: `anonymity`,
/// `anonymously`, or `be named` / `be identified` after a refusal (`not`, `declined`, `asked`
/// …) from token `from` on.
fn anonymity_word(ctx: &Ctx, j: usize, from: usize) -> bool {
    matches!(ctx.low(j), "anonymity" | "anonymously")
        || (matches!(ctx.low(j), "named" | "identified")
            && j >= 2
            && ctx.low(j - 1) == "be"
            && (from..j - 1).any(|k| {
                matches!(
                    ctx.low(k),
                    "not" | "n't" | "declined" | "refused" | "asked" | "requested"
                )
            }))
}

/// `two officials who asked not to be named`, `declined to be identified`: the formula
/// describes the source and reports nothing (the content would read `to be named`).
fn anonymity_formula(ctx: &Ctx, (a, b): (usize, usize)) -> bool {
    let mut words = ["", "", "", "", "", ""];
    for (n, j) in (a..=b).filter(|&j| ctx.is_word(j)).enumerate() {
        let Some(w) = words.get_mut(n) else {
            return false;
        };
        *w = ctx.low(j);
    }
    let rest: &[&str] = match &words {
        ["not", rest @ ..] => rest,
        all => all,
    };
    matches!(
        rest,
        ["to", "be", "named" | "identified" | "quoted" | "cited", ..]
    ) && rest.iter().skip(3).take(2).all(|w| {
        matches!(
            *w,
            "" | "by" | "name" | "publicly" | "because" | "on" | "record"
        )
    })
}

/// Last checks on a candidate from the parse, `false` to drop it: an adverb taken as the cue
/// hands over to its verb (`strongly` → `strongly believe`); raising and perception verbs with
/// no reported clause (`seems to be`, `did not appear to`, `feel emasculated`) and participles
/// that describe rather than report lose their source (`the group, long considered a threat`);
/// an opening participle (`Denouncing X, Porter concludes …`) takes the subject of the clause
/// it modifies.
fn refine(ctx: &Ctx, c: &mut Cand) -> bool {
    let Some((ca, cb)) = c.cue else {
        return true;
    };
    if anonymity_formula(ctx, c.content) {
        return false;
    }
    // `If the council agrees to the plan, officials said, …`: the content of a cue inside an
    // opening if/when clause ends at that clause's comma.
    {
        let (s0, s1) = ctx.sent_range(cb);
        let opener = (s0..ca).find(|&j| ctx.is_word(j));
        if opener.is_some_and(|j| matches!(ctx.low(j), "if" | "when" | "unless")) {
            if let Some(k) = (s0..s1).find(|&j| ctx.is_punct(j, ",")) {
                if cb < k && cb < c.content.0 && c.content.0 < k && k <= c.content.1 {
                    c.content.1 = ctx.trim_end(c.content.0, k - 1);
                }
            }
        }
    }
    if !ctx.has_arcs {
        return true;
    }
    let syn = &ctx.doc.syntax;
    let xpos = |i: usize| ctx.xpos(i);
    let first = c.content.0;
    if ca == cb
        && ctx.upos(ca) == Some(Upos::Adv)
        && first == ca + 1
        && ctx.upos(first) == Some(Upos::Verb)
        && first < c.content.1
    {
        c.cue = Some((ca, first));
        c.content.0 = first + 1;
        return true;
    }
    let (s0, s1) = ctx.sent_range(cb);
    // `the above mentioned facts`: a participle the parse hangs on the noun after it, inside
    // a noun phrase (a determiner or modifier before it), describes that noun; nobody is
    // reported as speaking. After a name (`the Times published portions`) the `amod` is
    // more likely a parse error than a modifier.
    if ca == cb
        && ca > s0
        && matches!(
            ctx.upos(ca - 1),
            Some(Upos::Det | Upos::Adj | Upos::Adv | Upos::Num)
        )
        && syn
            .get(cb)
            .is_some_and(|t| !t.is_root() && t.deprel.base() == "amod" && t.head as usize > cb)
    {
        return false;
    }
    // `X, a national, who was arrested for spying for Mossad confessed …`: a verb with no
    // subject of its own that continues a relative clause reports for the clause's
    // antecedent, not for the noun phrase the left walk found inside the clause.
    if let Some((sa, sb)) = c.source {
        // The parse may also make the object of a preposition in the clause the verb's
        // subject (`for Kestrel Freight admitted`).
        let after_prep = sa > 0 && ctx.upos(sa - 1) == Some(Upos::Adp)
            || matches!(
                ctx.low(sa.wrapping_sub(1)),
                "for" | "of" | "on" | "by" | "with"
            );
        if sb < ca && (after_prep || syntax_subject(ctx, cb).is_none()) {
            if let Some(src) = relative_clause_antecedent(ctx, cb, sa) {
                c.source = Some(src);
            }
        }
    }
    // `Following the assassination of Mustafa Roshan Richard Stone cited …`: with no comma
    // after an opening prepositional phrase, its object's name runs into the subject's; a run
    // of four or more capitalized words after `of` holds two names, and the subject is the
    // last two words.
    if let Some((sa, sb)) = c.source {
        let opener = matches!(ctx.upos(s0), Some(Upos::Adp | Upos::Sconj))
            || (xpos(s0) == "VBG" && ctx.is_cap(s0));
        // The walk or the parse may start the source at the phrase's noun or after its `of`.
        let of = (s0 + 2..sb).find(|&j| ctx.low(j) == "of");
        if let Some(k) = of.filter(|&k| opener && sa <= k + 1 && sb + 1 == ca && sb >= k + 4) {
            if (s0..k).all(|j| ctx.is_word(j))
                && (k + 1..=sb).all(|j| ctx.is_word(j) && ctx.is_cap(j))
            {
                c.source = Some((sb - 1, sb));
            }
        }
    }
    // `X should come to their senses and realize that …`: what someone ought to realize is
    // the writer's demand, not their thought or statement.
    let deontic = |v: usize| {
        (s0..v).any(|j| {
            matches!(ctx.low(j), "should" | "ought")
                && syn
                    .get(j)
                    .is_some_and(|t| t.head as usize == v && t.deprel.base() == "aux")
        })
    };
    let conj_head = syn
        .get(cb)
        .filter(|t| !t.is_root() && t.deprel.base() == "conj")
        .map(|t| t.head as usize);
    if matches!(
        ctx.doc.lemma(cb),
        "realize" | "realise" | "understand" | "know" | "recognize" | "recognise" | "accept"
    ) && (deontic(cb) || conj_head.is_some_and(|h| h < cb && deontic(h)))
    {
        return false;
    }
    let lemma = ctx.doc.lemma(cb);
    let next = cb + 1;
    // `Its name appears as Khadrani in some reports`: a form, not a statement.
    if lemma == "appear" && ctx.low(next) == "as" {
        return false;
    }
    if matches!(lemma, "seem" | "appear" | "feel" | "look" | "sound")
        && [first, next]
            .iter()
            .any(|&j| ctx.low(j) == "to" || ctx.upos(j) == Some(Upos::Adj) || xpos(j) == "VBN")
    {
        return false;
    }
    let opening = (s0..ca).all(|j| !ctx.is_word(j));
    // `Denouncing X, Porter concludes …`: the opening participle's subject is the clause's.
    if opening && c.source.is_none() && xpos(cb) == "VBG" {
        // With no comma (`Denouncing X as a figure who "…" Porter concludes …`) the content
        // ran on into the main clause: it ends before that clause's subject.
        if let Some(j) = main_clause_subject(ctx, c.content.0 + 1, c.content.1) {
            c.content.1 = ctx.trim_end(c.content.0, j - 1);
        }
        let e = c.content.1;
        if let Some(verb) = (e + 1..s1).find_map(|j| {
            syn.get(j)
                .filter(|t| !t.is_root() && t.deprel.base() == "nsubj")
                .map(|t| t.head as usize)
        }) {
            c.source = syntax_subject(ctx, verb).filter(|s| s.0 > e);
        }
    }
    // `He had contacts with X, an MKO ringleader, claiming …`: a participle after a comma
    // reports for the subject of the verb it modifies, not for the noun phrase before it.
    let advcl_head = syn
        .get(cb)
        .filter(|t| !t.is_root() && t.deprel.base() == "advcl")
        .map(|t| t.head as usize);
    if let Some(verb) = advcl_head.filter(|_| {
        xpos(cb) == "VBG"
            && ca == cb
            && ca > s0
            && ctx.is_punct(ca - 1, ",")
            && c.source.is_some_and(|(_, b)| b + 2 == ca)
    }) {
        if let Some(subj) = syntax_subject(ctx, verb).filter(|s| s.1 < ca) {
            c.source = Some(subj);
        }
    }
    // `I received an email from X in which he had ranted …, accusing me of …`: a first-person
    // object is never its own verb's subject (that takes `myself`), so the participle
    // reports for the nearest other subject before it. Not the third person: in `he cut into
    // Bush, calling him a "stiff"` the object is someone else and `he` is the source.
    if let Some((sa, sb)) = c.source.filter(|&(sa, sb)| sa == sb && sb < ca) {
        let object = match ctx.low(sa) {
            "i" => "me",
            "we" => "us",
            _ => "",
        };
        // `her` may be a possessive (`urges her husband`): only a parsed object counts.
        let is_object = syn
            .get(cb + 1)
            .is_some_and(|t| t.head as usize == cb && matches!(t.deprel.base(), "obj" | "iobj"));
        if !object.is_empty() && ctx.low(cb + 1) == object && is_object {
            let other = (sb + 1..ca).rev().find(|&j| {
                ctx.low(j) != ctx.low(sa)
                    && syn
                        .get(j)
                        .is_some_and(|t| !t.is_root() && t.deprel.base() == "nsubj")
            });
            // With none, no source beats the wrong one.
            c.source = other.map(|j| {
                syntax_subject(ctx, syn.get(j).map_or(j, |t| t.head as usize))
                    .filter(|s| s.0 <= j && j <= s.1)
                    .unwrap_or((j, j))
            });
        }
    }
    // `the MKO, long considered a threat`: the noun a passive participle of judgement describes
    // is what is judged, not who judges (other participles, `X, asked about Y, …`, keep it).
    let mut k = ca;
    while k > s0 && ctx.upos(k - 1) == Some(Upos::Adv) {
        k -= 1;
    }
    if matches!(
        lemma,
        "consider" | "regard" | "deem" | "view" | "brand" | "label"
    ) && k > s0
        && ctx.is_punct(k - 1, ",")
        && c.source.is_some_and(|(_, b)| b + 2 == k)
    {
        c.source = None;
    }
    true
}

/// Converts candidates to attributions: dedupes, sorts, fills kinds/entities and nesting.
fn finish(doc: &Document, ctx: &Ctx, mut cands: Vec<Cand>) -> Vec<Attribution> {
    cands.retain_mut(|c| refine(ctx, c));
    // `Civil rights groups, police chiefs and many MPs say …` read from its second item, or
    // `On the episode of “The Show,” the host said …`: a comma or a lone quotation mark at
    // the edge of a source span is the sentence's punctuation, not part of the name (a mark
    // that closes a quotation inside the span stays: `detainee 'A'`).
    let quote = |j: usize| ctx.is_quote(j);
    let comma = |j: usize| matches!(ctx.text(j), "," | ";" | ":");
    let quote_in = |a: usize, b: usize| (a..=b).any(quote);
    for c in cands.iter_mut() {
        if let Some((mut a, mut b)) = c.source {
            while a < b && (comma(a) || (quote(a) && !quote_in(a + 1, b))) {
                a += 1;
            }
            while b > a && (comma(b) || (quote(b) && !quote_in(a, b - 1))) {
                b -= 1;
            }
            if !comma(a) && !quote(a) {
                c.source = Some((a, b));
            }
        }
    }
    cands.sort_by_key(|c| (c.content.0, std::cmp::Reverse(c.content.1)));
    // Two cues yielding the same content (e.g. a quote cue also seen as indirect): keep first.
    cands.dedup_by(|b, a| a.content == b.content);
    // `the mayor said: “Not this year.”`: the colon or comma after the cue introduces the
    // content and is no part of it (trimmed after the merge above, which it would sway).
    for c in cands.iter_mut() {
        while c.content.0 < c.content.1 && matches!(ctx.text(c.content.0), ":" | ",") {
            c.content.0 += 1;
        }
    }
    // Sources in reading order, so that a pronoun can take the person who spoke last.
    let mut order: Vec<usize> = (0..cands.len()).collect();
    order.sort_by_key(|&i| cands[i].source.map_or(usize::MAX, |s| s.0));
    let mut sources: Vec<Option<SourceRef>> = vec![None; cands.len()];
    // (entity, sentence) of the last person who spoke and of the last source resolved.
    let mut speaker: Option<(u32, u32)> = None;
    let mut cited: Option<(u32, u32)> = None;
    // Sentence of the last person who spoke by a name that matched no entity.
    let mut unresolved: Option<u32> = None;
    // (entity if any, sentence) of the outlet last cited by name.
    let mut outlet: Option<(Option<u32>, u32)> = None;
    for &i in &order {
        let Some(s) = cands[i].source else { continue };
        let s = relative_antecedent(ctx, s).unwrap_or(s);
        let Some(span) = ctx.span(s.0, s.1) else {
            continue;
        };
        let (kind, _) = source_kind(ctx, s);
        let sent = ctx.sent_of.get(s.0).copied().unwrap_or(0);
        let near = |x: Option<(u32, u32)>| {
            x.filter(|&(_, at)| sent.saturating_sub(at) <= REFERENT_WINDOW)
                .map(|(e, _)| e)
        };
        let recent = Salience {
            speaker: near(speaker),
            speaker_here: speaker.is_some_and(|(_, at)| at == sent),
            speaker_unresolved: speaker.is_none()
                && unresolved.is_some_and(|at| sent.saturating_sub(at) <= REFERENT_WINDOW),
            source: near(cited),
            source_sent: cited
                .filter(|&(_, at)| sent.saturating_sub(at) <= REFERENT_WINDOW)
                .map(|(_, at)| at),
            outlet: outlet
                .filter(|&(_, at)| sent.saturating_sub(at) <= REFERENT_WINDOW)
                .map(|(e, _)| e),
        };
        // A bare `Agency` entity stands for the one organization named with that word.
        let entity = resolve(ctx, s, kind, recent).map(|e| {
            doc.entities
                .get(e as usize)
                .filter(|x| ORGS.iter().any(|o| o.eq_ignore_ascii_case(&x.name)))
                .and_then(|x| named_with_head(doc, &x.name))
                .unwrap_or(e)
        });
        // A description resolved to an outlet (`the agency` after a wire's report) is a media
        // source.
        let hw = span_head(ctx, s.0, s.1);
        let description = ctx.is_word(hw) && !ctx.is_cap(hw);
        let kind = match entity.and_then(|e| doc.entities.get(e as usize)) {
            Some(x)
                if kind == SourceKind::Organization
                    && description
                    && (x.label == EntityLabel::Media || outlet_name(&x.name)) =>
            {
                SourceKind::Media
            }
            None if kind == SourceKind::Organization
                && description
                && ctx.low(hw) == "agency"
                && recent.outlet.is_some() =>
            {
                SourceKind::Media
            }
            // `it`, `they` resolved to an organization or an outlet are that.
            Some(x)
                if matches!(kind, SourceKind::Unnamed | SourceKind::Person)
                    && s.0 == s.1
                    && matches!(ctx.low(s.0), "it" | "they") =>
            {
                match x.label {
                    EntityLabel::Media => SourceKind::Media,
                    EntityLabel::Org | EntityLabel::Gpe | EntityLabel::Norp => {
                        SourceKind::Organization
                    }
                    _ => kind,
                }
            }
            _ => kind,
        };
        // `…, two officials told the Wire on condition of anonymity`: the formula after the
        // source, outside the content, makes an unnamed source an anonymous one.
        let kind = if kind == SourceKind::Unnamed && anonymity_after_source(ctx, &cands[i], s) {
            SourceKind::Anonymous
        } else {
            kind
        };
        if kind == SourceKind::Media && !description {
            outlet = Some((entity, sent));
        }
        match entity {
            Some(e) => {
                // `US` in `two US officials` is no work a later `the report` could be.
                if !matches!(kind, SourceKind::Anonymous | SourceKind::Unnamed) {
                    cited = Some((e, sent));
                }
                if doc.entities.get(e as usize).map(|x| x.label) == Some(EntityLabel::Person) {
                    speaker = Some((e, sent));
                }
            }
            // A person named but not resolved took the floor: an older speaker is no
            // longer the one a pronoun means.
            None if kind == SourceKind::Person && !ctx.is_pronoun(s.0) => {
                speaker = None;
                unresolved = Some(sent);
            }
            None => {}
        }
        if let Some(slot) = sources.get_mut(i) {
            *slot = Some(SourceRef { span, kind, entity });
        }
    }
    let mut out: Vec<Attribution> = Vec::with_capacity(cands.len());
    for (c, source) in cands.iter().zip(sources) {
        let Some(content) = ctx.span(c.content.0, c.content.1) else {
            continue;
        };
        let cue = c.cue.and_then(|(a, b)| ctx.span(a, b));
        out.push(Attribution {
            kind: c.kind,
            cue,
            source,
            content,
            parent: None,
            citations: Vec::new(),
        });
    }
    // Nesting: an attribution whose cue lies inside another's content is nested in the
    // innermost such content.
    for j in 0..out.len() {
        let Some(cue) = out[j].cue else { continue };
        // A cited party shares the citing cue (`quoted officials that …`): the cited noun
        // phrase, which opens the citing content, places it instead.
        let shared = out
            .iter()
            .enumerate()
            .any(|(i, a)| i != j && a.cue == Some(cue));
        let at = match out[j].source.as_ref() {
            Some(s) if shared => s.span,
            _ => cue,
        };
        let mut best: Option<(usize, usize)> = None;
        for (i, a) in out.iter().enumerate() {
            if i != j && a.content.contains(at) && a.content.len() > out[j].content.len() {
                let len = a.content.len();
                if best.is_none_or(|(_, l)| len < l) {
                    best = Some((i, len));
                }
            }
        }
        out[j].parent = best.map(|(i, _)| i as u32);
    }
    // A floating quotation continues the speaker's last quoted statement (`"…," X said. "…"`):
    // it shares that statement's cue.
    for j in 0..out.len() {
        if out[j].kind != AttributionType::Direct || out[j].cue.is_some() {
            continue;
        }
        let Some(src) = out[j].source.as_ref().map(|s| s.span) else {
            continue;
        };
        let start = out[j].content.start;
        let cue = out
            .iter()
            .filter(|a| {
                a.kind == AttributionType::Direct
                    && a.content.start < start
                    && a.source.as_ref().is_some_and(|s| s.span == src)
            })
            .max_by_key(|a| a.content.start)
            .and_then(|a| a.cue);
        if let Some(slot) = out.get_mut(j) {
            slot.cue = cue;
        }
    }
    out
}

/// One flag per sentence of `doc` (tags and lemmas filled, no parse yet): whether the
/// extractor may read the sentence's dependency arcs. Arcs are read only around cue tokens, so
/// a sentence is flagged when one of its tokens could become a cue on any path of
/// [`extract`]: a strong lexicon verb (the quotation paths take those without the detector),
/// or a lexicon form or lemma that the detector accepts (or a `cites two officials`
/// construction) outside a quotation. Everything the flags leave out is a sentence where
/// `extract` would never look at arcs, so parsing only flagged sentences changes no output.
pub(crate) fn sentences_needing_syntax(
    doc: &Document,
    lex: &CueLexicon,
    model: Option<&CueModel>,
    opts: &ExtractOptions,
) -> Vec<bool> {
    let mut flags = vec![false; doc.sentences.len()];
    if doc.tokens.is_empty() {
        return flags;
    }
    let mut ctx = Ctx::new(doc);
    let quotes = find_quotes(&ctx);
    mark_quotes(&mut ctx, &quotes, opts);
    let mut fbuf = [0u32; NFEAT];
    for (k, flag) in flags.iter_mut().enumerate() {
        let Some(sent) = doc.sentences.get(k) else {
            break;
        };
        *flag = sent.token_range().any(|i| {
            let low = ctx.low(i);
            let form = lex.get(low);
            if form.is_some_and(|e| e.weight >= 0.5) {
                return true;
            }
            if ctx.in_quote.get(i).copied().unwrap_or(true) {
                return false;
            }
            if model.is_some_and(|m| m.filter.is_some()) && adj_shape(&ctx, i) {
                return true;
            }
            let base = form.or_else(|| {
                (!doc.syntax.is_empty())
                    .then(|| lex.get(doc.lemma(i)))
                    .flatten()
            });
            let oov = base.is_none() && model.is_some() && oov_candidate(&ctx, opts, i);
            if (base.is_none() && !oov) || !ctx.is_word(i) {
                return false;
            }
            match model {
                Some(m) => {
                    token_features(&ctx, lex, i, &mut fbuf);
                    let need =
                        detector_threshold(m, &ctx) + if oov { opts.oov_margin } else { 0.0 };
                    m.score(&fbuf) >= need || forced_cue(&ctx, i)
                }
                None => true,
            }
        });
    }
    // The frames read past the filter ([`quote_frames`], [`as_put_it`], [`in_poll`]) make
    // sources whose kind and entity are read from the parse.
    let mut flag_token = |k: usize| {
        if let Some(f) = ctx.sent_of.get(k).and_then(|&s| flags.get_mut(s as usize)) {
            *f = true;
        }
    };
    for q in &quotes {
        if let Some((cue, _)) = closing_clause(&ctx, lex, q.last) {
            flag_token(cue.0);
        }
    }
    for i in 0..doc.tokens.len().saturating_sub(1) {
        if matches!(ctx.low(i), "put" | "puts") && ctx.low(i + 1) == "it" {
            flag_token(i);
        }
    }
    for sent in &doc.sentences {
        if let Some((first, _, _)) = poll_frame(&ctx, sent.token_range()) {
            flag_token(first);
        }
    }
    for i in 0..doc.tokens.len() {
        if poll_phrase(&ctx, i).is_some() {
            flag_token(i);
        }
    }
    // A quotation signed with a dash (`“…” ― Jane Roe`): the name's head is read from the parse.
    for q in &quotes {
        if let Some((_, Some((a, b)))) = dash_signature(&ctx, q.last) {
            for k in a..=b {
                if let Some(f) = ctx.sent_of.get(k).and_then(|&s| flags.get_mut(s as usize)) {
                    *f = true;
                }
            }
        }
    }
    // A speaker label's kind is read from the parse of its sentence (`He sighed:`), and a
    // transcript turn's content spans its paragraph, where later stages read arcs too (nested
    // cues, sources): the label's sentence and every sentence of the turn are parsed.
    for i in 0..doc.tokens.len() {
        if ctx.low(i) != ":" {
            continue;
        }
        // `Jane Roe continued: “…”` ([`colon_cue`]) reads the verb's subject from the parse.
        let (s0, _) = ctx.sent_range(i);
        let verb_before = (i.saturating_sub(5).max(s0)..i).any(|j| {
            ctx.upos(j) == Some(Upos::Verb)
                && (lex.get(ctx.low(j)).is_some() || lex.get(doc.lemma(j)).is_some())
        });
        if verb_before {
            if let Some(f) = ctx.sent_of.get(i).and_then(|&s| flags.get_mut(s as usize)) {
                *f = true;
            }
        }
        let Some(src) = colon_source(&ctx, lex, i, false) else {
            continue;
        };
        let end = speaker_turn_end(&ctx, src, i).unwrap_or(i);
        let (a, b) = (
            ctx.sent_of.get(i).copied().unwrap_or(u32::MAX) as usize,
            ctx.sent_of.get(end).copied().unwrap_or(u32::MAX) as usize,
        );
        for f in flags.get_mut(a..=b).into_iter().flatten() {
            *f = true;
        }
    }
    flags
}

/// Most candidate ends considered after a content's first token.
const MAX_END_SPAN: usize = 60;

/// What a token is to the end ranker: punctuation as itself, closed-class words as their
/// lowercase form, the rest as their Penn tag.
fn end_class<'a>(ctx: &'a Ctx, k: usize) -> &'a str {
    match ctx.kind(k) {
        Some(TokenKind::Punct | TokenKind::Quote) => ctx.text(k),
        None => "END",
        _ => match ctx.upos(k) {
            Some(
                Upos::Adp
                | Upos::Sconj
                | Upos::Cconj
                | Upos::Pron
                | Upos::Det
                | Upos::Aux
                | Upos::Part,
            ) => ctx.low(k),
            _ => ctx.xpos(k),
        },
    }
}

fn bucket(n: usize) -> &'static str {
    match n {
        0 => "0",
        1 => "1",
        2 => "2",
        3..=5 => "3",
        6..=10 => "4",
        11..=20 => "5",
        _ => "6",
    }
}

/// Lets the end ranker choose where a content after its cue ends (or records the candidates,
/// when training). Only contents that follow a word cue in its own sentence are ranked: the
/// parse filter parses exactly those sentences, so the ranker reads arcs only where they exist
/// in both modes.
fn rank_end(ctx: &Ctx, c: &mut Cand, mode: &mut Ends, sc: &mut EndScratch) {
    if matches!(mode, Ends::Rules) || !ctx.has_arcs {
        return;
    }
    let Some((cue0, cue1)) = c.cue else { return };
    let (c0, rule_e) = c.content;
    let syn = &ctx.doc.syntax;
    let (s0, s1) = ctx.sent_range(cue1);
    if c0 <= cue1
        || rule_e < c0
        || rule_e >= s1
        || !ctx.is_word(cue1)
        || !matches!(
            c.kind,
            AttributionType::Indirect | AttributionType::AccordingTo
        )
    {
        return;
    }
    let last = ctx
        .trim_end(c0, s1.saturating_sub(1))
        .min(c0 + MAX_END_SPAN);
    // In an `if` clause the rules keep the hypothetical whole: a shorter end would turn it
    // into an assertion.
    if last < rule_e
        || !(s0..s1).any(|j| syn.get(j).is_some_and(|t| !t.is_root()))
        || conditional(ctx, cue1)
    {
        return;
    }
    // `that A, and that B`: coordinated reported clauses stay together.
    let that_content = ctx.low(c0) == "that";
    let head = |k: usize| -> Option<usize> {
        syn.get(k).filter(|t| !t.is_root()).map(|t| t.head as usize)
    };
    let n = last + 1 - c0;
    sc.closed_by.clear();
    sc.closed_by.resize(n, 0);
    sc.from_right.clear();
    sc.from_right.resize(n, 0);
    // Right ends of the subtrees of the cue's dependents that start inside the content.
    let mut sub: [(usize, &str); 6] = [(usize::MAX, ""); 6];
    let mut nsub = 0;
    for k in c0..=last {
        if let Some(h) = head(k) {
            if (c0..=last).contains(&h) {
                if let Some(x) = if h > k {
                    sc.closed_by.get_mut(h - c0)
                } else {
                    sc.from_right.get_mut(h - c0)
                } {
                    *x = x.saturating_add(1);
                }
            }
            if h == cue1 && nsub < sub.len() {
                if let Some(x) = sub.get_mut(nsub) {
                    *x = (k, syn.get(k).map_or("", |t| t.deprel.base()));
                }
                nsub += 1;
            }
        }
    }
    // Each child's subtree end: the last token whose head chain reaches it (one walk up per
    // token, to the token right below the cue).
    let mut sub_hi: [usize; 6] = [usize::MAX; 6];
    if nsub > 0 {
        for k in c0..=last {
            let mut h = k;
            for _ in 0..24 {
                match head(h) {
                    Some(p) if p == cue1 => {
                        if let Some(pos) = sub.iter().take(nsub).position(|x| x.0 == h) {
                            if let Some(x) = sub_hi.get_mut(pos) {
                                *x = k;
                            }
                        }
                        break;
                    }
                    Some(p) if p >= c0 && p <= last => h = p,
                    _ => break,
                }
            }
        }
    }
    for (x, hi) in sub.iter_mut().zip(sub_hi) {
        x.0 = hi;
    }
    let lemma = if syn.is_empty() {
        ctx.low(cue1)
    } else {
        ctx.doc.lemma(cue1)
    };
    let first = end_class(ctx, c0);
    let cue_tag = ctx.xpos(cue1);
    let mut commas = 0usize;
    sc.ends.clear();
    sc.feats.clear();
    let (mut open, mut dangling, mut words, mut quotes_in) = (0usize, 0usize, 0usize, 0usize);
    let b = |x: bool| if x { "1" } else { "0" };
    for j in c0..=last {
        // Token j joins the span: heads inside it close, its own head may stay open.
        open = open.saturating_sub(sc.closed_by.get(j - c0).copied().unwrap_or(0) as usize);
        match head(j) {
            Some(h) if (c0..j).contains(&h) => dangling = dangling.saturating_sub(1),
            Some(h) if (cue0..=cue1).contains(&h) || h == j => {}
            Some(_) => open += 1,
            None => {}
        }
        dangling += sc.from_right.get(j - c0).copied().unwrap_or(0) as usize;
        words += usize::from(ctx.is_word(j));
        quotes_in += usize::from(ctx.is_quote(j));
        commas += usize::from(ctx.is_punct(j, ",") || ctx.is_punct(j, "—"));
        if ctx.trim_end(c0, j) != j {
            continue;
        }
        if that_content && j < last && {
            let k = if ctx.is_punct(j + 1, ",") {
                j + 2
            } else {
                j + 1
            };
            matches!(ctx.low(k), "and" | "but" | "or") && ctx.low(k + 1) == "that"
        } {
            continue;
        }
        let subend = sub
            .iter()
            .take(nsub)
            .find(|x| x.0 == j)
            .map_or("-", |x| x.1);
        // A content rarely ends inside a noun phrase: those ends are not ranked.
        if j != rule_e
            && j < last
            && subend == "-"
            && matches!(
                ctx.upos(j + 1),
                Some(Upos::Noun | Upos::Propn | Upos::Adj | Upos::Num)
            )
        {
            continue;
        }
        let nxt = if j >= last {
            "END"
        } else {
            end_class(ctx, j + 1)
        };
        let cur = end_class(ctx, j);
        let rel = match j.cmp(&rule_e) {
            std::cmp::Ordering::Less => "lt",
            std::cmp::Ordering::Equal => "eq",
            std::cmp::Ordering::Greater => "gt",
        };
        let dist = bucket(j.abs_diff(rule_e));
        // Where the head of token `k` lies: the cue, the content up to `inside`, before the
        // content, or after.
        let attached = |k: usize, inside: std::ops::Range<usize>| match head(k) {
            None => "root",
            Some(h) if (cue0..=cue1).contains(&h) => "cue",
            Some(h) if inside.contains(&h) => "in",
            Some(h) if h < c0 => "pre",
            Some(_) => "post",
        };
        let (nd, hrel) = match syn.get(j + 1).filter(|_| j < last) {
            None => ("END", "-"),
            Some(t) => (t.deprel.base(), attached(j + 1, c0..j + 1)),
        };
        // What the phrase opening after `j` hangs on: for a function word (`in` of `in a
        // ruling`, `and`, a comma) its head's relation and attachment, so that a phrase on
        // the content's last noun (`practices at a foundation`) reads apart from one on the
        // cue verb (`rejected the argument in a ruling`).
        let (pd, ph) = match syn.get(j + 1).filter(|_| j < last) {
            None => ("END", "-"),
            Some(t)
                if matches!(t.deprel.base(), "case" | "mark" | "cc" | "punct" | "det")
                    && head(j + 1).is_some_and(|h| h > j + 1 && h <= last) =>
            {
                let h = head(j + 1).unwrap_or(j + 1);
                (
                    syn.get(h).map_or("-", |x| x.deprel.base()),
                    attached(h, c0..j + 1),
                )
            }
            Some(_) => (nd, hrel),
        };
        let (ob, db, wb) = (bucket(open), bucket(dangling), bucket(words));
        let nxt2 = if j + 1 >= last {
            "END"
        } else {
            end_class(ctx, j + 2)
        };
        let jd = syn.get(j).map_or("", |t| t.deprel.base());
        let jh = attached(j, c0..j);
        let next_cue = j < last
            && ctx.upos(j + 1) == Some(Upos::Verb)
            && ctx.doc.syntax.get(j + 1).is_some()
            && {
                let l = ctx.doc.lemma(j + 1);
                matches!(
                    l,
                    "say" | "add" | "tell" | "argue" | "note" | "claim" | "write" | "insist"
                )
            };
        let quote_open = quotes_in % 2 == 1;
        let next_verb = if j < last && matches!(ctx.upos(j + 1), Some(Upos::Verb)) {
            ctx.doc.lemma(j + 1)
        } else {
            ""
        };
        sc.ends.push(j);
        sc.feats.push([
            end_hash(40, &[rel, dist]),
            end_hash(41, &[nxt]),
            end_hash(42, &[nxt, rel]),
            end_hash(43, &[cur]),
            end_hash(44, &[cur, nxt]),
            end_hash(45, &[nd, hrel]),
            end_hash(46, &[nd, hrel, nxt]),
            end_hash(47, &[ob]),
            end_hash(48, &[db]),
            end_hash(49, &[ob, db, rel]),
            end_hash(50, &[lemma, nxt]),
            end_hash(51, &[wb, nxt]),
            end_hash(52, &[first, nxt]),
            end_hash(53, &[subend]),
            end_hash(54, &[subend, nxt, rel]),
            end_hash(55, &[lemma, rel, dist]),
            end_hash(56, &[nxt, nxt2]),
            end_hash(57, &[jd, jh]),
            end_hash(58, &[jd, jh, nxt]),
            end_hash(59, &[wb, rel]),
            end_hash(60, &[b(next_cue), nxt]),
            end_hash(61, &[b(quote_open), nxt]),
            end_hash(62, &[next_verb, nxt]),
            end_hash(63, &[cue_tag, nxt]),
            end_hash(64, &[first, rel]),
            end_hash(65, &[bucket(commas), nxt]),
            end_hash(66, &[pd, ph]),
            end_hash(67, &[pd, ph, nxt]),
        ]);
    }
    match mode {
        Ends::Rules => {}
        Ends::Learned(m) => {
            let mut best: Option<(usize, f32)> = None;
            for (&j, f) in sc.ends.iter().zip(&sc.feats) {
                let s = m.score(f);
                if best.is_none_or(|(_, b)| s > b) {
                    best = Some((j, s));
                }
            }
            if let Some((j, _)) = best {
                c.content.1 = j;
            }
        }
        Ends::Collect(out) => out.push(EndCands {
            cue: (cue0, cue1),
            start: c0,
            rule: rule_e,
            ends: sc.ends.clone(),
            feats: sc.feats.clone(),
        }),
    }
}
