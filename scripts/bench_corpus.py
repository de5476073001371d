#!/usr/bin/env python3
"""Deterministic generator of a news-like JSON Lines corpus for scripts/bench.

    bench_corpus.py [--size MB] [--seed N] OUTPUT.jsonl

Writes one {"id", "date", "text"} object a line (ids doc-000001, ...) until
OUTPUT holds at least SIZE MB (1 MB = 2^20 bytes), each document 5-20
sentences. The sentences come from templates in this file combined with
vocabulary lists: states named by country, capital or demonym, international
organizations, stance verbs in several tenses, passive and negated forms,
noun phrases ("tensions between X and Y"), plus filler sentences without
actors (economy, weather, sport, science) so that about 40% of the
sentences carry an event. The output depends only on --seed and --size
(Python's random.Random is stable across versions). Standard library only.

On success prints one line to stdout: "<bytes> <documents> <sentences>
<event sentences>".
"""

import argparse
import itertools
import json
import os
import random
import sys

MB = 1 << 20
# Share of sentences drawn from the event templates. About a quarter of
# them yield no event with diplograph 0.1.0 (quotes, some "relations
# between" phrasings, negations, which are dropped by default), so 0.52
# gives roughly 40% of sentences with an event.
EVENT_SHARE = 0.52

# --------------------------------------------------------------------------
# Vocabulary: actors
# --------------------------------------------------------------------------

# (name, capital, demonym adjective). Capital or demonym may be None.
# "the" is prepended where the name needs it (see THE_NAMES).
COUNTRIES = [
    ("Afghanistan", "Kabul", "Afghan"), ("Albania", "Tirana", "Albanian"),
    ("Algeria", "Algiers", "Algerian"), ("Angola", "Luanda", "Angolan"),
    ("Argentina", "Buenos Aires", "Argentine"), ("Armenia", "Yerevan", "Armenian"),
    ("Australia", "Canberra", "Australian"), ("Austria", "Vienna", "Austrian"),
    ("Azerbaijan", "Baku", "Azerbaijani"), ("Bahrain", "Manama", "Bahraini"),
    ("Bangladesh", "Dhaka", "Bangladeshi"), ("Belarus", "Minsk", "Belarusian"),
    ("Belgium", None, "Belgian"), ("Bolivia", "La Paz", "Bolivian"),
    ("Bosnia and Herzegovina", "Sarajevo", "Bosnian"), ("Brazil", "Brasília", "Brazilian"),
    ("Bulgaria", "Sofia", "Bulgarian"), ("Cambodia", "Phnom Penh", "Cambodian"),
    ("Cameroon", "Yaoundé", "Cameroonian"), ("Canada", "Ottawa", "Canadian"),
    ("Chad", "N'Djamena", "Chadian"), ("Chile", "Santiago", "Chilean"),
    ("China", "Beijing", "Chinese"), ("Colombia", "Bogotá", "Colombian"),
    ("Croatia", "Zagreb", "Croatian"), ("Cuba", "Havana", "Cuban"),
    ("Cyprus", "Nicosia", "Cypriot"), ("Czechia", "Prague", "Czech"),
    ("Denmark", "Copenhagen", "Danish"), ("Ecuador", "Quito", "Ecuadorian"),
    ("Egypt", "Cairo", "Egyptian"), ("Estonia", "Tallinn", "Estonian"),
    ("Ethiopia", "Addis Ababa", "Ethiopian"), ("Finland", "Helsinki", "Finnish"),
    ("France", "Paris", "French"), ("Georgia", "Tbilisi", "Georgian"),
    ("Germany", "Berlin", "German"), ("Ghana", "Accra", "Ghanaian"),
    ("Greece", "Athens", "Greek"), ("Guatemala", None, "Guatemalan"),
    ("Haiti", "Port-au-Prince", "Haitian"), ("Hungary", "Budapest", "Hungarian"),
    ("Iceland", "Reykjavik", "Icelandic"), ("India", "New Delhi", "Indian"),
    ("Indonesia", "Jakarta", "Indonesian"), ("Iran", "Tehran", "Iranian"),
    ("Iraq", "Baghdad", "Iraqi"), ("Ireland", "Dublin", "Irish"),
    ("Israel", "Jerusalem", "Israeli"), ("Italy", "Rome", "Italian"),
    ("Japan", "Tokyo", "Japanese"), ("Jordan", "Amman", "Jordanian"),
    ("Kazakhstan", "Astana", "Kazakh"), ("Kenya", "Nairobi", "Kenyan"),
    ("Kosovo", "Pristina", "Kosovar"), ("Kuwait", None, "Kuwaiti"),
    ("Kyrgyzstan", "Bishkek", "Kyrgyz"), ("Laos", "Vientiane", "Laotian"),
    ("Latvia", "Riga", "Latvian"), ("Lebanon", "Beirut", "Lebanese"),
    ("Libya", "Tripoli", "Libyan"), ("Lithuania", "Vilnius", "Lithuanian"),
    ("Malaysia", "Kuala Lumpur", "Malaysian"), ("Mali", "Bamako", "Malian"),
    ("Mexico", None, "Mexican"), ("Moldova", "Chisinau", "Moldovan"),
    ("Mongolia", "Ulaanbaatar", "Mongolian"), ("Montenegro", "Podgorica", "Montenegrin"),
    ("Morocco", "Rabat", "Moroccan"), ("Mozambique", "Maputo", "Mozambican"),
    ("Myanmar", "Naypyidaw", "Burmese"), ("Nepal", "Kathmandu", "Nepali"),
    ("Netherlands", None, "Dutch"), ("New Zealand", "Wellington", None),
    ("Niger", "Niamey", "Nigerien"), ("Nigeria", "Abuja", "Nigerian"),
    ("North Korea", "Pyongyang", "North Korean"), ("North Macedonia", "Skopje", None),
    ("Norway", "Oslo", "Norwegian"), ("Oman", "Muscat", "Omani"),
    ("Pakistan", "Islamabad", "Pakistani"), ("Panama", None, "Panamanian"),
    ("Peru", "Lima", "Peruvian"), ("Philippines", "Manila", "Filipino"),
    ("Poland", "Warsaw", "Polish"), ("Portugal", "Lisbon", "Portuguese"),
    ("Qatar", "Doha", "Qatari"), ("Romania", "Bucharest", "Romanian"),
    ("Russia", "Moscow", "Russian"), ("Rwanda", "Kigali", "Rwandan"),
    ("Saudi Arabia", "Riyadh", "Saudi"), ("Senegal", "Dakar", "Senegalese"),
    ("Serbia", "Belgrade", "Serbian"), ("Singapore", None, "Singaporean"),
    ("Slovakia", "Bratislava", "Slovak"), ("Slovenia", "Ljubljana", "Slovenian"),
    ("Somalia", "Mogadishu", "Somali"), ("South Africa", "Pretoria", "South African"),
    ("South Korea", "Seoul", "South Korean"), ("South Sudan", "Juba", "South Sudanese"),
    ("Spain", "Madrid", "Spanish"), ("Sri Lanka", "Colombo", "Sri Lankan"),
    ("Sudan", "Khartoum", "Sudanese"), ("Sweden", "Stockholm", "Swedish"),
    ("Switzerland", "Bern", "Swiss"), ("Syria", "Damascus", "Syrian"),
    ("Taiwan", "Taipei", "Taiwanese"), ("Tajikistan", "Dushanbe", "Tajik"),
    ("Tanzania", "Dodoma", "Tanzanian"), ("Thailand", "Bangkok", "Thai"),
    ("Tunisia", "Tunis", "Tunisian"), ("Turkey", "Ankara", "Turkish"),
    ("Turkmenistan", "Ashgabat", "Turkmen"), ("Uganda", "Kampala", "Ugandan"),
    ("Ukraine", "Kyiv", "Ukrainian"), ("United Arab Emirates", "Abu Dhabi", "Emirati"),
    ("United Kingdom", "London", "British"), ("United States", "Washington", "American"),
    ("Uruguay", "Montevideo", "Uruguayan"), ("Uzbekistan", "Tashkent", "Uzbek"),
    ("Venezuela", "Caracas", "Venezuelan"), ("Vietnam", "Hanoi", "Vietnamese"),
    ("Yemen", "Sanaa", "Yemeni"), ("Zambia", "Lusaka", "Zambian"),
    ("Zimbabwe", "Harare", "Zimbabwean"),
]
THE_NAMES = {"Netherlands", "Philippines", "United Arab Emirates",
             "United Kingdom", "United States"}
# Extra spellings for a few states (abbreviations, short forms).
EXTRA_NAMES = {
    "United States": ["the U.S.", "the U.S.", "Washington", "the United States"],
    "United Kingdom": ["Britain", "Britain", "the U.K."],
    "United Arab Emirates": ["the UAE"],
    "Turkey": ["Türkiye"],
    "Czechia": ["the Czech Republic"],
}

# Organizations: spellings of one organization together.
ORGANIZATIONS = [
    ("the European Union", "the EU", "the E.U."), ("NATO",),
    ("the United Nations", "the U.N.", "the UN"), ("the UN Security Council",),
    ("the African Union",), ("ASEAN",), ("the Arab League",), ("the OSCE",),
    ("the Council of Europe",), ("the World Bank",),
    ("the International Monetary Fund", "the IMF"),
    ("the World Health Organization", "the WHO"), ("the IAEA",), ("the G7",),
    ("the G20",), ("OPEC",), ("ECOWAS",), ("the Gulf Cooperation Council",),
    ("the Shanghai Cooperation Organisation",), ("the European Commission",),
    ("the Organization of American States",), ("the World Trade Organization",),
    ("the International Criminal Court",), ("Mercosur",), ("the Red Cross",),
]
# The most reported actors, most frequent first; the others follow in an
# order shuffled by the seed. Actors are drawn with Zipf-like weights.
PROMINENT = ["United States", "China", "Russia", "the European Union", "Ukraine",
             "Israel", "Iran", "United Kingdom", "NATO", "the United Nations",
             "Germany", "France", "Turkey", "India", "Japan", "North Korea",
             "Saudi Arabia", "Syria", "South Korea", "Poland", "Pakistan",
             "Taiwan", "Egypt", "Qatar", "Brazil"]
ZIPF_EXPONENT = 0.9
FOCUS_SHARE = 0.6   # share of event actors drawn from the document's focus

GROUP_NOUNS = ["officials", "diplomats", "lawmakers", "negotiators",
               "ministers", "envoys", "military officials", "authorities"]
SINGLE_ROLES = ["government", "foreign ministry", "president", "prime minister",
                "foreign minister", "defence ministry", "parliament",
                "ambassador to the U.N.", "cabinet", "embassy"]

FIRST_NAMES = ["Anna", "Pierre", "Maria", "Ahmed", "Li", "Olga", "James",
               "Fatima", "Kenji", "Elena", "Samuel", "Ingrid", "Rafael", "Amina",
               "Tomasz", "Priya", "Hugo", "Leila", "Daniel", "Sofia"]
SURNAMES = ["Novak", "Haddad", "Okafor", "Lindqvist", "Moreau", "Tanaka",
            "Kowalski", "Rahman", "Costa", "Petrov", "Mensah", "Schneider",
            "Alvarez", "Nakamura", "O’Brien", "Dubois", "Hansen", "Katz",
            "Singh", "Vargas", "Weber", "Yilmaz", "Brennan", "Ferreira"]
TITLES = ["Dr.", "Dr.", "Mr.", "Ms.", "Prof.", "Gen.", "Sen."]

# --------------------------------------------------------------------------
# Vocabulary: stance verbs
# --------------------------------------------------------------------------

# (past, 3rd person present, past participle, base, words after the verb
#  and before the target, passive allowed)
VERBS = [
    ("condemned", "condemns", "condemned", "condemn", "", True),
    ("criticized", "criticizes", "criticized", "criticize", "", True),
    ("criticised", "criticises", "criticised", "criticise", "", True),
    ("denounced", "denounces", "denounced", "denounce", "", True),
    ("welcomed", "welcomes", "welcomed", "welcome", "", True),
    ("praised", "praises", "praised", "praise", "", True),
    ("thanked", "thanks", "thanked", "thank", "", True),
    ("congratulated", "congratulates", "congratulated", "congratulate", "", True),
    ("threatened", "threatens", "threatened", "threaten", "", True),
    ("warned", "warns", "warned", "warn", "", True),
    ("sanctioned", "sanctions", "sanctioned", "sanction", "", True),
    ("attacked", "attacks", "attacked", "attack", "", True),
    ("invaded", "invades", "invaded", "invade", "", True),
    ("supported", "supports", "supported", "support", "", True),
    ("backed", "backs", "backed", "back", "", True),
    ("recognized", "recognizes", "recognized", "recognize", "", True),
    ("visited", "visits", "visited", "visit", "", True),
    ("hosted", "hosts", "hosted", "host", "", True),
    ("rebuked", "rebukes", "rebuked", "rebuke", "", True),
    ("snubbed", "snubs", "snubbed", "snub", "", True),
    ("boycotted", "boycotts", "boycotted", "boycott", "", True),
    ("blockaded", "blockades", "blockaded", "blockade", "", True),
    ("reassured", "reassures", "reassured", "reassure", "", True),
    ("imposed", "imposes", "imposed", "impose", "sanctions on", False),
    ("imposed", "imposes", "imposed", "impose", "new tariffs on", False),
    ("lifted", "lifts", "lifted", "lift", "sanctions on", False),
    ("signed", "signs", "signed", "sign", "an agreement with", False),
    ("signed", "signs", "signed", "sign", "a trade deal with", False),
    ("signed", "signs", "signed", "sign", "a defence pact with", False),
    ("held", "holds", "held", "hold", "talks with", False),
    ("held", "holds", "held", "hold", "consultations with", False),
    ("pledged", "pledges", "pledged", "pledge", "aid to", False),
    ("pledged", "pledges", "pledged", "pledge", "support for", False),
    ("provided", "provides", "provided", "provide", "military aid to", False),
    ("sent", "sends", "sent", "send", "humanitarian aid to", False),
    ("cut", "cuts", "cut", "cut", "diplomatic ties with", False),
    ("restored", "restores", "restored", "restore", "diplomatic relations with", False),
    ("met", "meets", "met", "meet", "with", False),
    ("negotiated", "negotiates", "negotiated", "negotiate", "with", False),
    ("cooperated", "cooperates", "cooperated", "cooperate", "with", False),
    ("clashed", "clashes", "clashed", "clash", "with", False),
    ("sided", "sides", "sided", "side", "with", False),
    ("apologized", "apologizes", "apologized", "apologize", "to", False),
    ("reached", "reaches", "reached", "reach", "a deal with", False),
    ("launched", "launches", "launched", "launch", "air strikes on", False),
    ("deployed", "deploys", "deployed", "deploy", "troops to the border with", False),
    ("banned", "bans", "banned", "ban", "imports from", False),
    ("expelled", "expels", "expelled", "expel", "diplomats from", False),
    ("recalled", "recalls", "recalled", "recall", "its ambassador from", False),
    ("protested", "protests", "protested", "protest", "to", False),
    ("reached out", "reaches out", "reached out", "reach out", "to", False),
    ("froze", "freezes", "frozen", "freeze", "assets linked to", False),
    ("extended", "extends", "extended", "extend", "a loan to", False),
]
# verbs used with "accused X of ...", "blamed X for ..."
ACCUSATIONS = ["violating the ceasefire", "meddling in its elections",
               "spreading disinformation", "harbouring militants",
               "stealing trade secrets", "provoking the crisis",
               "obstructing the investigation", "undermining regional stability",
               "supplying weapons to rebels", "persecuting journalists",
               "breaching the nuclear accord", "cyberattacks on its banks"]
BLAMES = ["the collapse of the talks", "the rise in grain prices",
          "the border shooting", "the power outage", "the stalled negotiations",
          "the attack on the convoy", "the refugee crisis"]
URGE_ACTIONS = ["withdraw its troops", "release the detained journalists",
                "return to the negotiating table", "respect the ceasefire",
                "open its borders to aid convoys", "hold free elections",
                "halt uranium enrichment", "show restraint"]
NOUN_EVENTS = [  # "{A} and {B}" or "between {A} and {B}"
    ("Tensions between {a} and {b} {verb}{tail}.",
     ["rose", "escalated", "flared again", "eased", "have grown", "remain high"]),
    ("Talks between {a} and {b} {verb}{tail}.",
     ["resumed", "stalled", "broke down", "ended without agreement",
      "are expected to continue", "made little progress"]),
    ("The agreement between {a} and {b} {verb}{tail}.",
     ["was ratified", "took effect", "has held", "collapsed", "expires next year"]),
    ("Relations between {a} and {b} {verb}{tail}.",
     ["have deteriorated", "improved markedly", "hit a new low", "thawed",
      "remain frosty", "have never been better"]),
    ("The border dispute between {a} and {b} {verb}{tail}.",
     ["escalated", "flared up", "was settled", "dragged on"]),
    ("Fighting between {a} and {b} {verb}{tail}.",
     ["intensified", "subsided", "broke out again", "killed dozens"]),
]
POSSESSIVE_EVENTS = [  # "{A}’s ... {B}"
    "{a}’s pivot away from {b} {rest}",
    "{a}’s pivot towards {b} {rest}",
    "{a}’s sanctions on {b} {rest}",
    "{a}’s support for {b} {rest}",
    "{a}’s criticism of {b} {rest}",
    "{a}’s rapprochement with {b} {rest}",
    "{a}’s dispute with {b} {rest}",
    "{a}'s alliance with {b} {rest}",
    "{a}'s military aid to {b} {rest}",
    "{a}'s trade war with {b} {rest}",
]
POSSESSIVE_RESTS = ["has unsettled investors.", "surprised many analysts.",
                    "was widely expected.", "is likely to continue.",
                    "has drawn criticism at home.", "was the main topic of the summit.",
                    "has reshaped the region.", "took effect on Monday."]

TAILS = ["", "", "", "", " on Monday", " on Tuesday", " on Wednesday",
         " on Thursday", " on Friday", " over the weekend", " late on Sunday",
         " in a statement", " in a televised address",
         " at a summit in Geneva", " after weeks of negotiations",
         " for the second time this year", " over the border dispute",
         " amid rising energy prices", " during a visit to the region",
         " at a news conference", " earlier this month", " last year",
         " in a strongly worded note", " on Jan. 12", " on Sept. 3",
         " at 9 a.m. local time", " in St. Petersburg"]
SOURCES = ["officials said", "a spokesperson said", "diplomats said",
           "state media reported", "the ministry said in a statement",
           "according to a government source", "a senior official told reporters",
           "analysts said", "Reuters reported", "the agency reported"]
OPENERS = ["On Monday, ", "Last week, ", "In a surprise move, ", "Earlier this year, ",
           "For the first time in a decade, ", "Meanwhile, ", "In response, ",
           "Separately, ", "According to officials, ", "As expected, ",
           "After a long delay, ", "On Sept. 14, ", "Late on Friday, "]

# --------------------------------------------------------------------------
# Vocabulary: filler sentences (no actors)
# --------------------------------------------------------------------------

COMPANIES = ["Norvex Holdings", "Brightwater Energy", "Kestrel Motors",
             "Altamira Foods", "Pinecrest Bank", "Solaris Chips", "Harbor Line Shipping",
             "Meridian Pharma", "Copperfield Mining", "Bluepeak Telecom"]
TEAMS = ["the Rovers", "City", "the Falcons", "United", "the Harriers",
         "the Lions", "Athletic", "the Mariners", "the Wolves", "Rangers"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
REGIONS = ["north", "south", "east", "west", "coastal areas", "the mountains",
           "the capital region", "the central plains"]
UNIVERSITIES = ["the University of Westbrook", "Carlton Institute of Technology",
                "the Hallam School of Economics", "St. Mary’s College"]


def make_fillers(rng):
    """Return filler sentence generators (closures over rng)."""
    ch = rng.choice
    ri = rng.randint

    def pct():
        return "%d.%d" % (ri(0, 9), ri(0, 9))

    def person():
        return "%s %s %s" % (ch(TITLES), ch(FIRST_NAMES), ch(SURNAMES))

    return [
        lambda: "Inflation %s to %s percent in %s, the statistics office said." % (
            ch(["rose", "fell", "edged up", "slowed", "climbed"]), pct(), ch(MONTHS)),
        lambda: "Shares in %s %s %s percent in early trading." % (
            ch(COMPANIES), ch(["rose", "fell", "jumped", "slid"]), pct()),
        lambda: "The central bank’s board is expected to %s interest rates at its %s meeting." % (
            ch(["raise", "cut", "hold", "leave unchanged"]), ch(MONTHS)),
        lambda: "%s, an economist at %s, said the figures were “%s.”" % (
            person(), ch(UNIVERSITIES),
            ch(["encouraging", "worse than expected", "broadly in line with forecasts",
                "a warning sign"])),
        lambda: "Unemployment %s to %s percent, its %s level since %d." % (
            ch(["dropped", "rose", "fell"]), pct(), ch(["lowest", "highest"]), ri(1995, 2019)),
        lambda: "The U.S. dollar %s against the euro and the yen on %s." % (
            ch(["gained", "slipped", "steadied", "weakened"]), ch(DAYS)),
        lambda: "Oil prices %s to $%d a barrel as traders weighed supply concerns." % (
            ch(["rose", "fell", "climbed", "dropped"]), ri(55, 110)),
        lambda: "%s reported a %s quarterly profit of $%d million." % (
            ch(COMPANIES), ch(["record", "smaller", "larger than expected", "modest"]),
            ri(12, 950)),
        lambda: "Heavy rain is expected across the %s on %s, forecasters said." % (
            ch(REGIONS), ch(DAYS)),
        lambda: "Temperatures %s %d degrees in %s, breaking a record set in %d." % (
            ch(["reached", "topped", "fell below"]), ri(-15, 44), ch(REGIONS), ri(1950, 2015)),
        lambda: "Snow closed several roads in %s and schools stayed shut." % ch(REGIONS),
        lambda: "A storm brought winds of up to %d km/h and cut power to %d homes." % (
            ri(60, 180), ri(1000, 90000)),
        lambda: "Forecasters said the dry spell would last until %s." % ch(MONTHS),
        lambda: "%s beat %s %d-%d on %s after a late goal." % (
            cap(ch(TEAMS)), ch(TEAMS), ri(2, 5), ri(0, 1), ch(DAYS)),
        lambda: "“It was a difficult season, but we never gave up,” the coach said.",
        lambda: "The marathon drew %d runners despite the %s weather." % (
            ri(2000, 40000), ch(["hot", "cold", "wet", "windy"])),
        lambda: "%s have now won %d of their last %d matches." % (
            cap(ch(TEAMS)), ri(3, 6), ri(7, 10)),
        lambda: "The final will be played on %s %d in front of a sold-out crowd." % (
            ch(MONTHS), ri(1, 28)),
        lambda: "Researchers at %s said the new vaccine was %d percent effective." % (
            ch(UNIVERSITIES), ri(55, 97)),
        lambda: "%s, who led the study, said further trials would begin in %s." % (
            person(), ch(MONTHS)),
        lambda: "The museum’s new wing opens to the public on %s %d." % (ch(MONTHS), ri(1, 28)),
        lambda: "Ticket sales for the festival rose %d percent from a year earlier." % ri(2, 40),
        lambda: "Commuters faced delays of up to %d minutes after a signal failure." % ri(10, 90),
        lambda: "The city council voted %d-%d to expand the bus network." % (ri(10, 30), ri(1, 9)),
        lambda: "House prices %s %s percent in the year to %s." % (
            ch(["rose", "fell", "were up", "were down"]), pct(), ch(MONTHS)),
        lambda: "Retail sales were %s than analysts had forecast." % ch(["stronger", "weaker"]),
        lambda: "The company said it would hire %d workers at its new plant." % ri(100, 3000),
        lambda: "“We’re cautiously optimistic,” said %s, the firm’s chief executive." % person(),
        lambda: "Wheat harvests were hit by a late frost, farmers’ groups said.",
        lambda: "The airline cancelled %d flights because of the strike." % ri(20, 400),
        lambda: "Scientists recorded the warmest %s since records began." % ch(MONTHS),
        lambda: "Police said %d people were arrested after the match." % ri(2, 60),
        lambda: "%s’s new smartphone goes on sale in %s at a price of $%d." % (
            ch(["Bluepeak Telecom", "Solaris Chips"]), ch(MONTHS), ri(299, 1499)),
        lambda: "The report, published on %s, found that %d percent of households had cut spending." % (
            ch(DAYS), ri(10, 70)),
        lambda: "Firefighters brought the blaze under control after %d hours." % ri(3, 40),
        lambda: "Dr. %s said patients should expect longer waiting times this winter." % ch(SURNAMES),
        lambda: "The orchestra’s %s season will open with a program of %s works." % (
            ch(["autumn", "spring", "summer"]), ch(["Baroque", "Romantic", "contemporary"])),
        lambda: "Traffic on the ring road was %s than usual for a %s." % (
            ch(["lighter", "heavier"]), ch(DAYS)),
        lambda: "%s said the merger would save about $%d million a year." % (ch(COMPANIES), ri(20, 800)),
        lambda: "Bond yields %s for a %s straight session." % (
            ch(["rose", "fell"]), ch(["second", "third", "fourth", "fifth"])),
        lambda: "The tournament’s top seed was knocked out in straight sets.",
        lambda: "A heat warning remains in place for the %s until %s." % (ch(REGIONS), ch(DAYS)),
        lambda: "The bridge, built in %d, will be closed for repairs until %s." % (
            ri(1890, 1980), ch(MONTHS)),
    ]


class Gen:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        rng = self.rng
        self.ch = rng.choice
        self.rand = rng.random
        self.fillers = make_fillers(rng)
        self.states = []
        for name, cap_, dem in COUNTRIES:
            self.states.append((("the " + name) if name in THE_NAMES else name,
                                cap_, dem, EXTRA_NAMES.get(name, [])))
        # actors: ("s", state index) or ("o", organization index)
        key = {name: ("s", i) for i, (name, _, _) in enumerate(COUNTRIES)}
        key.update({o[0]: ("o", i) for i, o in enumerate(ORGANIZATIONS)})
        top = [key[n] for n in PROMINENT]
        rest = [k for k in sorted(key.values()) if k not in top]
        rng.shuffle(rest)
        self.actors = top + rest
        w = [1.0 / (r + 1) ** ZIPF_EXPONENT for r in range(len(self.actors))]
        self.cum = list(itertools.accumulate(w))
        self.focus = []

    def pick(self):
        if self.focus and self.rand() < FOCUS_SHARE:
            return self.ch(self.focus)
        return self.rng.choices(self.actors, cum_weights=self.cum)[0]

    # An actor reference: (text, plural, identity)
    def actor(self):
        ch = self.ch
        k = self.pick()
        kind, i = k
        if kind == "o":
            return ch(ORGANIZATIONS[i]), False, k
        name, cap_, dem, extra = self.states[i]
        r = self.rand()
        if r < 0.45:
            return name, False, k
        if r < 0.52 and extra:
            return ch(extra), False, k
        if r < 0.66 and cap_:
            return cap_, False, k
        if r < 0.80 and dem:
            return "%s %s" % (dem, ch(GROUP_NOUNS)), True, k
        if r < 0.90 and dem:
            return "the %s %s" % (dem, ch(SINGLE_ROLES)), False, k
        if r < 0.95:
            return "the government of %s" % name, False, k
        return "%s’s %s" % (name, ch(["president", "foreign minister", "prime minister",
                                       "government"])), False, k

    def pair(self):
        a = self.actor()
        b = self.actor()
        while b[2] == a[2]:
            b = self.actor()
        return a, b

    # ---- event sentences ------------------------------------------------
    def event(self):
        ch = self.ch
        rand = self.rand
        (a, apl, _), (b, _, _) = self.pair()
        r = rand()
        if r < 0.55:
            past, pres, pp, base, mid, passive = ch(VERBS)
            if "its " in mid and apl:
                mid = mid.replace("its ", "their ")
            mid = (" " + mid) if mid else ""
            tail = ch(TAILS)
            form = rand()
            if form < 0.30:
                return cap("%s %s%s %s%s." % (a, past, mid, b, tail))
            if form < 0.40:
                return "%s%s %s%s %s%s." % (ch(OPENERS), a, past, mid, b, tail)
            if form < 0.48:
                verb = base if apl else pres
                return cap("%s %s%s %s, %s." % (a, verb, mid, b, ch(SOURCES)))
            if form < 0.56:
                return cap("%s %s %s%s %s%s, %s." % (
                    a, "have" if apl else "has", pp, mid, b, tail, ch(SOURCES)))
            if form < 0.62:
                return cap("%s will %s%s %s%s, %s." % (a, base, mid, b, tail, ch(SOURCES)))
            if form < 0.72:  # negation
                neg = ch(["did not %s", "didn’t %s", "refused to %s", "declined to %s",
                          "has yet to %s", "would not %s", "has never sought to %s"])
                return cap("%s %s%s %s%s." % (a, neg % base, mid, b, tail))
            if form < 0.82 and passive:
                return cap("%s was %s by %s%s." % (b, pp, a, tail))
            if form < 0.88:
                return cap("%s said %s ready to %s%s %s “if necessary.”" % (
                    a, "they were" if apl else "it was", base, mid, b))
            if form < 0.94:
                return "The U.S. State Department said %s had %s%s %s." % (a, pp, mid, b)
            past2, _, _, _, mid2, _ = ch(VERBS)
            (c, _, _), (d, _, _) = self.pair()
            mid2 = (" " + mid2) if mid2 else ""
            return cap("%s %s%s %s, while %s %s%s %s." % (a, past, mid, b, c, past2, mid2, d))
        if r < 0.66:
            form = rand()
            if form < 0.5:
                return cap("%s accused %s of %s%s." % (a, b, ch(ACCUSATIONS), ch(TAILS)))
            if form < 0.7:
                return cap("%s blamed %s for %s." % (a, b, ch(BLAMES)))
            if form < 0.85:
                return cap("%s urged %s to %s." % (a, b, ch(URGE_ACTIONS)))
            return cap("%s called on %s to %s, %s." % (a, b, ch(URGE_ACTIONS), ch(SOURCES)))
        if r < 0.80:
            tmpl, verbs = ch(NOUN_EVENTS)
            return cap(tmpl.format(a=a, b=b, verb=ch(verbs), tail=ch(TAILS)))
        if r < 0.88:
            return cap(ch(POSSESSIVE_EVENTS).format(a=a, b=b, rest=ch(POSSESSIVE_RESTS)))
        if r < 0.94:
            return "“%s,” %s said of %s." % (
                ch(["We will not tolerate this", "This is a historic day",
                    "Our doors remain open", "The provocation must stop",
                    "We stand ready to help", "There is no alternative to dialogue"]),
                a, b)
        who = "%s %s %s" % (ch(TITLES), ch(FIRST_NAMES), ch(SURNAMES))
        return "%s, an adviser to %s, said %s had %s %s." % (
            who, a, a, ch(["criticized", "praised", "threatened", "courted", "snubbed"]), b)

    def filler(self):
        return self.ch(self.fillers)()

    def document(self, event_share=EVENT_SHARE):
        rng = self.rng
        n = rng.randint(5, 20)
        self.focus = [self.rng.choices(self.actors, cum_weights=self.cum)[0]
                      for _ in range(rng.randint(2, 3))]
        out = []
        ev = 0
        for i in range(n):
            if self.rand() < event_share:
                out.append(self.event().replace("..", "."))
                ev += 1
            else:
                out.append(self.filler())
            if i and i < n - 1 and self.rand() < 0.08:
                out.append("\n\n")
        text = " ".join(out).replace(" \n\n ", "\n\n")
        return text, n, ev

    def date(self):
        rng = self.rng
        return "%04d-%02d-%02d" % (rng.randint(2015, 2024), rng.randint(1, 12),
                                   rng.randint(1, 28))


def cap(s):
    return s[0].upper() + s[1:] if s and s[0].islower() else s


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", type=float, default=55.0, help="target size in MB (2^20 bytes)")
    ap.add_argument("--seed", type=int, default=20240611)
    ap.add_argument("output")
    args = ap.parse_args()
    target = int(args.size * MB)
    if target <= 0:
        ap.error("--size must be positive")

    g = Gen(args.seed)
    tmp = args.output + ".tmp"
    written = 0
    docs = sents = evs = 0
    dumps = json.JSONEncoder(ensure_ascii=False).encode
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        buf = []
        bufbytes = 0
        while written + bufbytes < target:
            docs += 1
            text, n, ev = g.document()
            sents += n
            evs += ev
            line = '{"id":"doc-%06d","date":"%s","text":%s}\n' % (docs, g.date(), dumps(text))
            buf.append(line)
            bufbytes += len(line.encode("utf-8"))
            if bufbytes > 4 * MB:
                f.write("".join(buf))
                written += bufbytes
                buf = []
                bufbytes = 0
        f.write("".join(buf))
        written += bufbytes
    os.replace(tmp, args.output)
    print(written, docs, sents, evs)


if __name__ == "__main__":
    sys.exit(main())
