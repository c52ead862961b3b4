use serde::{Deserialize, Serialize};

/// Universal Dependencies part-of-speech tags.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[repr(u8)]
pub enum Upos {
    Adj,
    Adp,
    Adv,
    Aux,
    Cconj,
    Det,
    Intj,
    Noun,
    Num,
    Part,
    Pron,
    Propn,
    Punct,
    Sconj,
    Sym,
    Verb,
    #[default]
    X,
}

impl Upos {
    /// All tags, in `repr` order.
    pub const ALL: [Upos; 17] = [
        Upos::Adj,
        Upos::Adp,
        Upos::Adv,
        Upos::Aux,
        Upos::Cconj,
        Upos::Det,
        Upos::Intj,
        Upos::Noun,
        Upos::Num,
        Upos::Part,
        Upos::Pron,
        Upos::Propn,
        Upos::Punct,
        Upos::Sconj,
        Upos::Sym,
        Upos::Verb,
        Upos::X,
    ];

    /// The CoNLL-U spelling (`"PROPN"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Upos::Adj => "ADJ",
            Upos::Adp => "ADP",
            Upos::Adv => "ADV",
            Upos::Aux => "AUX",
            Upos::Cconj => "CCONJ",
            Upos::Det => "DET",
            Upos::Intj => "INTJ",
            Upos::Noun => "NOUN",
            Upos::Num => "NUM",
            Upos::Part => "PART",
            Upos::Pron => "PRON",
            Upos::Propn => "PROPN",
            Upos::Punct => "PUNCT",
            Upos::Sconj => "SCONJ",
            Upos::Sym => "SYM",
            Upos::Verb => "VERB",
            Upos::X => "X",
        }
    }

    /// Parses the CoNLL-U spelling; unknown tags give `None`.
    pub fn parse(s: &str) -> Option<Upos> {
        Upos::ALL.iter().copied().find(|u| u.as_str() == s)
    }

    /// Index in `0..17`.
    pub fn index(self) -> usize {
        self as usize
    }
}

/// Penn Treebank tags as used by UD English (XPOS column). Index = `TokenSyntax::xpos`.
pub const XPOS_TAGS: &[&str] = &[
    "XX", "$", "''", ",", "-LRB-", "-RRB-", ".", ":", "ADD", "AFX", "CC", "CD", "DT", "EX", "FW",
    "GW", "HYPH", "IN", "JJ", "JJR", "JJS", "LS", "MD", "NFP", "NN", "NNP", "NNPS", "NNS", "PDT",
    "POS", "PRP", "PRP$", "RB", "RBR", "RBS", "RP", "SYM", "TO", "UH", "VB", "VBD", "VBG", "VBN",
    "VBP", "VBZ", "WDT", "WP", "WP$", "WRB", "``",
];

/// A Universal Dependencies relation, stored as an index into [`DepRel::NAMES`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DepRel(pub u8);

impl DepRel {
    /// Relation names (with the subtypes UD English uses). Index 0 is `dep`, the fallback.
    pub const NAMES: &'static [&'static str] = &[
        "dep",
        "root",
        "acl",
        "acl:relcl",
        "advcl",
        "advcl:relcl",
        "advmod",
        "amod",
        "appos",
        "aux",
        "aux:pass",
        "case",
        "cc",
        "cc:preconj",
        "ccomp",
        "compound",
        "compound:prt",
        "conj",
        "cop",
        "csubj",
        "csubj:outer",
        "csubj:pass",
        "det",
        "det:predet",
        "discourse",
        "dislocated",
        "expl",
        "fixed",
        "flat",
        "flat:foreign",
        "goeswith",
        "iobj",
        "list",
        "mark",
        "nmod",
        "nmod:desc",
        "nmod:npmod",
        "nmod:poss",
        "nmod:tmod",
        "nmod:unmarked",
        "nsubj",
        "nsubj:outer",
        "nsubj:pass",
        "nummod",
        "obj",
        "obl",
        "obl:agent",
        "obl:npmod",
        "obl:tmod",
        "obl:unmarked",
        "orphan",
        "parataxis",
        "punct",
        "reparandum",
        "vocative",
        "xcomp",
        "advmod:emph",
        "advmod:lmod",
        "det:poss",
        "expl:pv",
        "flat:name",
        "nummod:gov",
        "obl:arg",
        "obl:lmod",
        "compound:ext",
    ];

    /// The relation with this name; unknown names map to `dep`.
    pub fn parse(name: &str) -> DepRel {
        DepRel::NAMES
            .iter()
            .position(|n| *n == name)
            .map(|i| DepRel(i as u8))
            .unwrap_or_default()
    }

    /// The relation's name (`"nsubj:pass"`).
    pub fn as_str(self) -> &'static str {
        DepRel::NAMES.get(self.0 as usize).copied().unwrap_or("dep")
    }

    /// The universal part without subtype (`"nsubj"` for `"nsubj:pass"`).
    pub fn base(self) -> &'static str {
        let s = self.as_str();
        s.split(':').next().unwrap_or(s)
    }
}

/// Per-token syntax: tags, lemma and the dependency arc to the head.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenSyntax {
    pub upos: Upos,
    /// Index into [`XPOS_TAGS`].
    pub xpos: u8,
    /// Document-level index of the head token; `u32::MAX` for the sentence root.
    pub head: u32,
    pub deprel: DepRel,
    /// Byte range of the lemma inside [`crate::Document::lemma_arena`].
    pub lemma: (u32, u32),
}

impl TokenSyntax {
    /// The Penn tag as a string.
    pub fn xpos_str(&self) -> &'static str {
        XPOS_TAGS.get(self.xpos as usize).copied().unwrap_or("XX")
    }
    /// True when this token heads its sentence.
    pub fn is_root(&self) -> bool {
        self.head == u32::MAX
    }
}
