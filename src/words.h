/* words.h -- the closed-class words of the splitter, the matcher and the
 * coder.
 *
 * Determiners, prepositions, auxiliaries, pronouns and the small word
 * families that the rules of match.c and code.c test tokens against
 * ("is the token before the cue a negator?"). Each list is one entry of
 * DG_WORD_LISTS and gets an id DG_WL_<NAME>. At build time,
 * gen_words.c hashes every word into a static table (words_table.h, in
 * the build directory); the tokenizer looks each token up there once and
 * keeps the set of lists it belongs to as a bit mask (dg_token.words).
 * A membership test is then one bit test instead of a string comparison
 * per word of the list (ARCHITECTURE.md).
 *
 * Words are lower-case ASCII and match one token each: a token matches
 * when its lower-cased text equals the word.
 */
#ifndef DG_WORDS_H
#define DG_WORDS_H

#include <stdint.h>

/* clang-format off */
#define DG_WORD_LISTS(X)                                                      \
    X(CLAUSE_BREAKS, ";", ":")                                                \
    X(COORDINATORS, "and", "or", "but", "nor")                                \
    X(SUBORDINATORS, "that", "which", "who", "whom", "whose", "because",      \
      "while", "when", "whereas", "although", "though", "after", "before",    \
      "since", "until", "unless", "if", "said", "says", "say", "told",        \
      "despite", "amid", "amidst", "during", "following")                     \
    X(LIST_OPENERS, "such", "including", "notably", "especially",             \
      "particularly", "namely", "like", "as", "both", "either")               \
    X(NEGATORS, "not", "n't", "never", "no", "without", "neither", "nor",     \
      "refused", "refuses", "declined", "declines", "failed", "fails",        \
      "avoid", "avoids", "avoided", "avoiding")                               \
    X(AUXILIARIES, "was", "were", "is", "are", "has", "have", "had", "will",  \
      "would", "could", "should", "may", "might", "must", "can", "did",       \
      "does", "also", "then", "still", "later")                               \
    X(DETERMINERS, "the", "a", "an", "of")                                    \
    X(CLAUSE_JOINERS, "while", "and", "but", "whilst", "as", "yet", ";")      \
    X(ASIDE_OPENERS, "a", "an", "which", "who", "whose", "where", "whom")     \
    X(LED_WORDS, "led", "backed", "brokered", "sponsored", "funded",          \
      "controlled", "dominated", "allied", "aligned")                         \
    /* "warned on Friday": a time after the verb, not a place */              \
    X(TIME_NOUNS, "monday", "tuesday", "wednesday", "thursday", "friday",     \
      "saturday", "sunday", "today", "tuesday's", "january", "february",      \
      "march", "april", "may", "june", "july", "august", "september",         \
      "october", "november", "december", "the", "this", "last", "next",       \
      "recent", "early", "late", "mid")                                       \
    X(REDUCED_PREPS, "out", "of", "in", "from", "at", "into", "for", "on",    \
      "near", "inside")                                                       \
    X(OWN_PRONOUNS, "its", "their", "his", "her", "our")                      \
    X(BE_FORMS, "is", "are", "was", "were", "be", "been", "being")            \
    X(DIMINISHERS, "reduce", "reduces", "reduced", "reducing", "decrease",    \
      "decreases", "decreased", "decreasing", "lessen", "lessens",            \
      "lessened", "lessening", "diminish", "diminishes", "diminished",        \
      "diminishing", "curb", "curbs", "curbed", "curbing", "loosen",          \
      "loosens", "loosened", "loosening", "weaken", "weakens", "weakened",    \
      "weakening", "end", "ends", "ended", "ending", "cut", "cuts",           \
      "cutting", "abandon", "abandons", "abandoned", "abandoning",            \
      "downgrade", "downgrades", "downgraded", "downgrading", "ease",         \
      "eases", "eased", "easing", "defuse", "defuses", "defused",             \
      "defusing", "calm", "calmed", "calming", "lower", "lowered",            \
      "lowering", "limit", "limits", "limited", "limiting", "lift", "lifts",  \
      "lifted", "lifting", "suspend", "suspends", "suspended", "suspending",  \
      "relax", "relaxes", "relaxed", "relaxing", "remove", "removes",         \
      "removed", "removing", "cancel", "cancels", "cancelled", "canceled",    \
      "cancelling", "scrap", "scraps", "scrapped", "scrapping", "slash",      \
      "slashes", "slashed", "slashing", "halve", "halves", "halved",          \
      "halving", "trim", "trims", "trimmed", "trimming", "freeze",            \
      "freezes", "froze", "frozen", "freezing", "withhold", "withholds",      \
      "withheld", "withholding")                                              \
    X(TIME_WORDS, "today", "yesterday", "tomorrow", "monday", "tuesday",      \
      "wednesday", "thursday", "friday", "saturday", "sunday", "week",        \
      "month", "year", "last", "next", "this", "on", "early", "late",         \
      "again", "also", "here", "there", "the", "a", "an", "to", "of")         \
    X(LOCATIVE_WORDS, "in", "at", "inside", "near", "across", "throughout",   \
      "within", "outside", "around", "into")                                  \
    X(PRONOUNS, "it", "they", "he", "she", "we", "i", "you", "who", "which",  \
      "that", "also", "then", "not", "n't", "to", "and", "or", "but")         \
    X(COMPASS, "east", "west", "north", "south", "eastern", "western",        \
      "northern", "southern", "central")                                      \
    X(NEAR_PREPS, "near", "around", "outside", "at")                          \
    X(INSIDE_PREPS, "in", "inside", "into", "within", "throughout", "across") \
    /* Participles naming the author of a proposal ("the plan put forward     \
     * by Y"). */                                                             \
    X(AUTHORED, "proposed", "offered", "drafted", "submitted", "tabled",      \
      "presented", "suggested", "brokered", "put", "floated", "sponsored")    \
    /* Participles of holding someone or something: a demand for their        \
     * release or return is addressed to the holder. */                       \
    X(CUSTODY, "held", "detained", "seized", "captured", "kidnapped",         \
      "abducted", "arrested", "jailed", "imprisoned", "confiscated",          \
      "impounded", "taken", "deported")                                       \
    /* Participles of holding a territory: acting on "villages held by Y",    \
     * "the areas controlled by Y" acts on Y, for the classes that take a     \
     * place (DG_CF_PLACE). */                                                \
    X(TERRITORY_HELD, "held", "controlled", "claimed", "occupied",            \
      "administered", "governed", "annexed", "captured", "seized", "run")     \
    /* Nouns whose "that" clause is their content, not a relative clause      \
     * ("the claim that Y had ...", "warnings that Y would ..."). */          \
    X(CONTENT_NOUNS, "claim", "claims", "report", "reports", "warning",       \
      "warnings", "fear", "fears", "concern", "concerns", "belief", "news",   \
      "demand", "demands", "proposal", "proposals", "hope", "hopes",          \
      "promise", "promises", "charge", "charges", "allegation",               \
      "allegations", "suggestion", "assurance", "assurances", "view")         \
    X(OBLIGED, "has", "have", "need", "needs", "ought")                       \
    X(MODALS, "will", "would", "could", "may", "might", "shall", "'ll")       \
    X(REFUSALS, "refused", "refuses", "refusing", "declined", "declines",     \
      "declining", "rejected", "rejects", "rejecting")                        \
    X(RULE_FORMS, "ruled", "rules", "ruling", "rule")                         \
    X(ABOUT_WORDS, "about", "over", "regarding", "concerning", "against")     \
    /* Support verbs whose subject is the agent of the noun they take         \
     * ("launched an offensive against", "imposed a blockade on", "opened an  \
     * inquiry into", "carried out a raid on"); "up" for "stepped up          \
     * its", "out" for "carried out a" and "set out a". Announcing,           \
     * ordering, deciding, approving or carrying out an act is doing it       \
     * ("announced the suspension of rail links with", "ordered the           \
     * expulsion of"); proposing or calling for one is asking for it, and     \
     * is no support verb. */                                                 \
    X(LIGHT_VERBS, "launch", "launches", "launched", "launching", "mount",    \
      "mounts", "mounted", "mounting", "stage", "stages", "staged",           \
      "staging", "conduct", "conducts", "conducted", "conducting", "open",    \
      "opens", "opened", "opening", "impose", "imposes", "imposed",           \
      "imposing", "begin", "begins", "began", "begun", "start", "starts",     \
      "started", "starting", "wage", "wages", "waged", "waging", "unleash",   \
      "unleashed", "unleashes", "lodge", "lodges", "lodged", "lodging",       \
      "file", "files", "filed", "issue", "issues", "issued", "issuing",       \
      "make", "makes", "made", "making", "enforce", "enforces", "enforced",   \
      "enforcing", "declare", "declares", "declared", "declaring",            \
      "tighten", "tightens", "tightened", "tightening", "intensify",          \
      "intensifies", "intensified", "intensifying", "escalate", "escalates",  \
      "escalated", "escalating", "maintain", "maintains", "maintained",       \
      "maintaining", "continue", "continues", "continued", "continuing",      \
      "resume", "resumes", "resumed", "resuming", "renew", "renews",          \
      "renewed", "renewing", "expand", "expands", "expanded", "expanding",    \
      "up", "out", "announce", "announces", "announced", "announcing",        \
      "order", "orders", "ordered", "ordering", "decide", "decides",          \
      "decided", "deciding", "approve", "approves", "approved", "approving",  \
      "authorize", "authorizes", "authorized", "authorizing", "authorise",    \
      "authorises", "authorised", "authorising", "confirm", "confirms",       \
      "confirmed", "confirming", "implement", "implements", "implemented",    \
      "implementing", "complete", "completes", "completed", "completing",     \
      "introduce", "introduces", "introduced", "introducing", "extend",       \
      "extends", "extended", "extending", "undertake", "undertakes",          \
      "undertook", "undertaken")                                              \
    X(BACKGROUND_OPENERS, "which", "who", "whose", "whom", "citing")          \
    /* Participles that with "to" describe a state, not an action done to     \
     * the subject: "is opposed to X" means the subject opposes X. */         \
    X(STATIVE_PARTICIPLES, "opposed", "committed", "dedicated", "devoted",    \
      "allied", "hostile", "resigned", "attached", "accustomed", "averse")    \
    X(REACTION_OPENERS, "after", "following", "because", "as", "when",        \
      "since")                                                                \
    X(SPEECH_VERBS, "said", "says", "say", "told", "tells", "reported",       \
      "reports", "announced", "quoted", "added", "stated", "claimed",         \
      "confirmed", "noted", "wrote", "reporting", "according")                \
    X(ASSERTION_VERBS, "said", "says", "declared", "declares", "reiterated",  \
      "reiterates", "insisted", "insists", "stressed", "stresses", "warned",  \
      "warns", "told", "tells", "announced", "argued", "argues",              \
      "maintained")                                                           \
    /* Verbs of transfer that take two objects ("gave Malawi $80 million",    \
     * "sent Ukraine two air defence systems", "sold Egypt fighter jets"):    \
     * those whose lexicon cue is a frame with "to" ("give * to"), which the  \
     * double-object order does not match. Giving and sending are AID,        \
     * selling COOPERATE, as the frames code them. */                         \
    X(GIVE_VERBS, "give", "gives", "gave", "given", "giving", "send",         \
      "sends", "sent", "sending")                                             \
    X(SELL_VERBS, "sell", "sells", "sold", "selling")                         \
    /* Things "given" that are said, not transferred: "gave Iran an           \
     * ultimatum", "gave Serbia a warning", "gave Niger's junta a deadline". */ \
    X(SAID_OBJECTS, "ultimatum", "ultimatums", "warning", "warnings",         \
      "deadline", "deadlines", "notice", "signal", "message", "reply",        \
      "answer")                                                               \
    X(DIRECTIONS, "northern", "southern", "eastern", "western", "central",    \
      "north", "south", "east", "west", "northeastern", "northwestern",       \
      "southeastern", "southwestern", "occupied", "rural", "former")          \
    X(LANGUAGES, "language", "languages", "speakers", "speaking", "speaker",  \
      "minority", "minorities", "diaspora", "descent", "origin")              \
    /* "the Thai border": a place */                                          \
    X(PLACE_NOUNS, "border", "borders", "frontier", "territory", "soil",      \
      "waters", "airspace", "coast", "side")                                  \
    X(PLACE_PREPS, "on", "at", "along", "across", "near", "to", "from",       \
      "over", "into", "the", "in")                                            \
    X(LOCATIVES, "in", "at", "inside", "near", "across", "throughout",        \
      "within", "outside", "around", "into")                                  \
    /* Context check for ambiguous aliases (Georgia, Jordan, Chad, Niger...): \
     * a capitalized first name before it, or a U.S. state context around it, \
     * means it is not the country. */                                        \
    X(US_STATE_CONTEXT, "atlanta", "savannah", "alabama", "florida",          \
      "carolina", "tennessee", "governor", "gov.", "county", "senator",       \
      "sen.", "republican")                                                   \
    /* Capitalized words that open sentences without being first names. */    \
    X(OPENERS, "the", "a", "an", "in", "on", "at", "but", "and", "then",      \
      "meanwhile", "however", "also", "both", "neighbouring", "neighboring",  \
      "today", "now", "while", "when", "after", "before", "if", "as",         \
      "since", "why", "how", "where", "so", "yet", "still", "even", "only",   \
      "by", "for", "from", "with", "under", "across", "later", "earlier",     \
      "last", "next", "this", "that", "tiny", "landlocked", "oil-rich")       \
    /* "Michael Jordan", "Idriss Chad": a capitalized word before that is     \
     * neither sentence-initial nor a title */                                \
    X(TITLES, "king", "queen", "president", "prime", "minister", "of",        \
      "the", "southern", "northern", "eastern", "western", "central",         \
      "neighboring", "neighbouring", "ex", "post", "soviet")                  \
    /* Words of a title between a demonym and a person's name; the title      \
     * needs one of TITLE_HEADS. */                                           \
    X(TITLE_WORDS, "acting", "admiral", "adviser", "advisor", "affairs",      \
      "ambassador", "army", "captain", "cardinal", "chairman", "chairwoman",  \
      "chancellor", "chief", "col.", "colonel", "commander", "commissioner",  \
      "communist", "coordinator", "counterpart", "crown", "defence",          \
      "defense", "deputy", "dictator", "diplomat", "director",                \
      "director-general", "economy", "emir", "energy", "envoy", "finance",    \
      "foreign", "former", "gen", "gen.", "general", "government",            \
      "governor", "head", "health", "high", "intelligence", "interim",        \
      "interior", "judge", "justice", "king", "lawmaker", "leader",           \
      "lieutenant", "major", "marshal", "mayor", "mediator", "military",      \
      "minister", "national", "navy", "negotiator", "of", "official", "oil",  \
      "opposition", "patriarch", "police", "policy", "premier", "president",  \
      "president-elect", "presidential", "prime", "prince", "princess",       \
      "prosecutor", "queen", "rebel", "representative", "ruler",              \
      "secretary", "secretary-general", "security", "senator", "senior",      \
      "sheikh", "speaker", "special", "spokesman", "spokesperson",            \
      "spokeswoman", "state", "strongman", "supreme", "top", "trade",         \
      "vice")                                                                 \
    X(TITLE_HEADS, "admiral", "adviser", "advisor", "ambassador", "captain",  \
      "cardinal", "chairman", "chairwoman", "chancellor", "col.", "colonel",  \
      "commander", "commissioner", "coordinator", "counterpart", "dictator",  \
      "diplomat", "director", "director-general", "emir", "envoy", "gen",     \
      "gen.", "general", "governor", "head", "judge", "king", "lawmaker",     \
      "leader", "lieutenant", "major", "marshal", "mayor", "mediator",        \
      "minister", "negotiator", "official", "patriarch", "premier",           \
      "president", "president-elect", "prince", "princess", "prosecutor",     \
      "queen", "representative", "ruler", "secretary", "secretary-general",   \
      "senator", "sheikh", "speaker", "spokesman", "spokesperson",            \
      "spokeswoman", "strongman")                                             \
    /* Demonyms that name an ethnic group living in several states: "Bosnian  \
     * Serbs" are a group of Bosnia, "Kosovo Albanians" one of Kosovo. Other  \
     * plural demonyms name citizens: "Turkish Cypriots" are a group of       \
     * Cyprus. */                                                             \
    X(ETHNIC_GROUPS, "afghan", "afghans", "albanian", "albanians",            \
      "armenian", "armenians", "azeri", "azeris", "bosniak", "bosniaks",      \
      "bulgarian", "bulgarians", "chinese", "croat", "croats", "georgian",    \
      "georgians", "german", "germans", "greek", "greeks", "hungarian",       \
      "hungarians", "indian", "indians", "kazakh", "kazakhs", "korean",       \
      "koreans", "macedonian", "macedonians", "mongolian", "mongolians",      \
      "montenegrin", "montenegrins", "palestinian", "palestinians", "pole",   \
      "poles", "romanian", "romanians", "russian", "russians", "serb",        \
      "serbs", "slovak", "slovaks", "slovene", "slovenes", "somali",          \
      "somalis", "tajik", "tajiks", "tamil", "tamils", "turk", "turks",       \
      "ukrainian", "ukrainians", "uzbek", "uzbeks")                           \
    /* Nouns after a singular demonym that make it a group's adjective:       \
     * "Bosnian Serb leader", "the Turkish Cypriot side". */                  \
    X(GROUP_NOUNS, "areas", "authorities", "community", "delegation",         \
      "enclave", "enclaves", "forces", "militia", "militias", "minority",     \
      "parties", "party", "police", "politician", "politicians",              \
      "population", "rebels", "refugee", "refugees", "representatives",       \
      "side", "villages")                                                     \
    /* Lower-case words that may stand inside an organization's name. */      \
    X(NAME_INNER_WORDS, "of", "for", "the", "and", "on", "in", "de", "du",    \
      "des", "la", "le", "el", "al", "to", "against", "&")                    \
    /* Plural nouns that make a name with a state in it a body of several     \
     * ("Organization of American States"), not a group of that state. */     \
    X(SEVERAL_STATES, "states", "nations", "countries", "peoples")            \
    /* Head nouns of an institution: a name holding one, with no state or     \
     * known actor in it, becomes an organization of the document. */         \
    X(INSTITUTION_HEADS, "committee", "commission", "council",                \
      "organization", "organisation", "agency", "fund", "bank", "court",      \
      "tribunal", "office", "programme", "program", "mission", "union",       \
      "community", "association", "authority", "forum", "secretariat",        \
      "institute", "federation", "panel", "board", "conference",              \
      "observers", "bureau", "centre", "center", "initiative",                \
      "partnership", "cooperation", "co-operation", "group")                  \
    /* Head nouns of a party or an armed group, which CAMEO codes to the state \
     * it belongs to: with no state in the name, no organization is made      \
     * ("Forces for Defence of Democracy" is a Burundian group, not an        \
     * international body). */                                                \
    X(MOVEMENT_HEADS, "army", "front", "movement", "party", "forces",         \
      "force", "militia", "militias", "brigade", "brigades", "rebels",        \
      "guard", "guards", "congress", "coalition", "alliance", "league",       \
      "resistance", "jihad", "tigers")                                        \
    /* Words that end a gap or a slot: a new clause or predicate starts       \
     * (subordinators, subject pronouns, auxiliaries, speech verbs), another  \
     * relation does (prepositions other than "of", particles), or a          \
     * negation; and object pronouns, since an object that is only a pronoun  \
     * may be people ("send them back to"), not something given. */           \
    X(CUE_STOPS, "about", "according", "across", "after", "against",          \
      "although", "amid", "among", "are", "as", "at", "away", "be",           \
      "because", "been", "before", "being", "between", "but", "by", "can",    \
      "could", "despite", "did", "do", "does", "down", "during",              \
      "following", "for", "from", "had", "has", "have", "he", "him", "i",     \
      "if", "in", "into", "is", "it", "may", "me", "might", "must", "n't",    \
      "near", "never", "no", "nor", "not", "off", "on", "out", "over",        \
      "said", "say", "says", "shall", "she", "should", "since", "tells",      \
      "than", "that", "them", "then", "they", "though", "through", "to",      \
      "told", "toward", "towards", "under", "unless", "until", "up", "upon",  \
      "via", "was", "we", "were", "when", "where", "whereas", "which",        \
      "while", "whilst", "who", "whom", "whose", "will", "with", "within",    \
      "without", "would", "you")                                              \
    /* "the seized ship", "its renewed ties": a participle after a            \
     * determiner or possessive describes the noun */                         \
    X(NP_OPENERS, "the", "a", "an", "its", "their", "his", "her", "our",      \
      "this", "these", "those", "all", "some", "any", "newly", "recently")    \
    /* code.c: words whose presence in a sentence the coder notes once,       \
     * before its rules (scan_sentence) */                                    \
    X(CODER_MARKS, "question", "table", "ruled", "together", "according",     \
      "must", "should")                                                       \
    /* text.c: abbreviations whose full stop ends no sentence */            \
    X(ABBREVIATIONS, "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt",     \
      "sgt", "capt", "cmdr", "adm", "maj", "gov", "sen", "rep", "rev",        \
      "hon", "st", "mt", "jan", "feb", "mar", "apr", "jun", "jul", "aug",     \
      "sep", "sept", "oct", "nov", "dec", "jr", "sr", "no", "nos", "vs",      \
      "inc", "corp", "ltd", "co", "dept", "approx", "est", "fig", "vol",      \
      "pp", "p", "al", "cf", "e.g", "i.e", "ft", "pres", "amb", "messrs",     \
      "gens", "sens", "reps")                                                 \
    /* Words that after "U.S." or "U.N." show a new sentence. */              \
    X(SENTENCE_STARTERS, "the", "a", "an", "it", "its", "this", "that",       \
      "these", "those", "he", "she", "they", "we", "i", "but", "and", "in",   \
      "on", "at", "for", "however", "meanwhile", "there", "his", "her",       \
      "their", "our", "as", "after", "before", "while", "when", "if")         \
    X(TRAILING_FUNCTION_WORDS, "a", "an", "the", "and", "or", "but", "of",    \
      "to", "in", "on", "at", "for", "with", "by", "from", "that", "which",   \
      "as", "its", "their", "his", "her", "is", "are", "was", "were", "has",  \
      "have", "had")
/* clang-format on */

enum dg_wordlist {
#define DG_WL_ENUM(name, ...) DG_WL_##name,
    DG_WORD_LISTS(DG_WL_ENUM)
#undef DG_WL_ENUM
        DG_WL_COUNT
};

/* The lists as data, for the generator and the tests:
 *   static const dg_word_list lists[] = {DG_WORD_LISTS(DG_WORD_LIST_ENTRY)}; */
typedef struct dg_word_list {
    const char *name;
    int id;
    const char *const *words; /* NULL-terminated */
} dg_word_list;
#define DG_WORD_LIST_ENTRY(name, ...)                                         \
    {#name, DG_WL_##name, (const char *const[]){__VA_ARGS__, NULL}},

/* The table is perfect: each word has a slot of its own, found as
 * DG_WORD_SLOT(h) from its hash h and the displacement that the
 * generator chose for the group of words whose hash has the same top
 * DG_WORD_DBITS bits (hash and displace). Any other token lands on some
 * slot and differs from its hash: one load and one compare a token. */
#define DG_WORD_SLOT(h, disp, nslots)                                          \
    ((size_t)((h) + (disp)[(h) >> (64 - DG_WORD_DBITS)]) & ((nslots)-1))

/* A slot of the generated table: the word's dg_hash_lower (0 for an
 * empty slot) and the lists it is in. */
typedef struct dg_word_slot {
    uint64_t hash;
    uint64_t lists;
} dg_word_slot;

#endif
