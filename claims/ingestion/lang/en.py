"""English: every word the rules read, by slot (claims/ingestion/lang/__init__.py)."""

CODE = "en"
MORPHOLOGY = "lemmagen3"

# verbs by lemma, by kind (frames.py): says, denies, tells someone, posts, passes on, cites
SAY = (
    "say state report claim announce write add confirm declare allege insist warn note "
    "acknowledge admit emphasize emphasise stress disclose reveal explain assert maintain "
    "estimate describe publish quote tweet believe indicate comment accuse blame vow pledge "
    "promise threaten predict acknowledge"
)
# verbs of doubting, by lemma: the source questions the claim
# verbs of calling a claim something ("called it fake"), by lemma
CALL = "call label brand"
DOUBT = "doubt question dispute"
DENY = "deny refute dismiss reject"
TELL = "tell"
POST = "post"
RELAY = ""
CITE = "cite"

# fixed phrases, matched on the words themselves
# the conjunction that opens reported speech
THAT = r"that"
# "posted a video showing …": what a post shows, as its claim
SHOWS = r"(?:(?:that|which) )?(?:showed|shows|showing)"
ACCORDING = r"according to|as reported by|as quoted by"
# "По его словам, …": "according to him", the speaker named before
ACCORDING_HIS = r"in (?:his|her|their) words"
CITING = r"citing|quoting"
# passive "cited by" phrases: the one named after it passed the source on
CITED_BY = r"cited by|quoted by|whose words were (?:quoted|carried) by"
# "That's according to X.", "The report came from X.": X said the sentences before
BEFORE = (
    r"^(?:that's according to|that is according to|this is according to|"
    r"the (?:report|reports|information|figures?|claim) came(?: on \w+)? from|this was|that was|"
    r"the (?:claim|report|information|announcement|statement) (?:was|were))\b"
)
STATEMENT = r"the statement read|the statement said|it said in a statement"

# who a sentence may name without naming anyone: a pronoun, a description pointing back
# "on X, reports spread that": a rumour passed around on X
SPREAD = r"(?:reports|rumou?rs|claims|posts) (?:spread|circulated|appeared|emerged|surfaced)"

PRONOUNS = "he she it they him her them"
POINTERS = (
    r"the (?:ministry|statement|army|military|command|agency|source|spokesman|spokesperson|"
    r"official|group|observatory|department|report|general command|monitor|watchdog|channel|"
    r"newspaper|broadcaster|outlet|text|authority|authorities)|his|their"
)
# words that are never a source: relatives, discourse markers, function words
# a title alone points back at the one last named with it ("the president")
TITLE_POINTERS = r"the (?:president|prime minister|minister|general|commander|mayor|governor)"
NOT_SOURCES = (
    "which who whom whose that this these those there here what where when while as if "
    "we remind recall meanwhile however moreover also but and or so then thus"
)
# the head of an unnamed source: "a source in the ministry", "officials", "people familiar"
UNNAMED = r"sources?|officials?|people familiar|insiders?|a person familiar|diplomats?"
FUNCTION_WORDS = (
    "the of a an and in on for at to by from with s over under after before during about into"
)
# stems of words naming who speaks by role or body: a source phrase has one
SPEAKERS = (
    r"ombudsm|spokes|minister|officials?|commander|chief|head|president|governor|mayor|general|colonel|"
    r"analyst|expert|witness|resident|activist|blogger|journalist|correspondent|reporter|monitor|"
    r"observer|rebel|militant|fighter|troops|forces|military|army|police|media|press|agency|"
    r"outlet|channel|newspaper|broadcaster|authorit|administration|government|ministry|command|"
    r"staff|service|observatory|group|organi[sz]ation|coalition|council|office|embassy|kremlin|"
    r"pentagon|white house|intelligence|prosecutor|court|parliament|army|television|tv|radio|"
    r"guard|patrol|coastguard|navy|air force|police|"
    r"station|daily|website|portal|leader|captain"
)
# how a source after "according to" ends without a comma: "article" (the next
# phrase opens with a definite article), "case" (the next phrase's first word cannot be
# genitive or dative), "" (only a comma ends it)
BARE_SOURCE = ""
# prepositions that continue a source phrase ("of the", "на отбраната")
SOURCE_LINKS = "of in at"
AUX = "has have had is are was were will would did does do been being"


PARTIES = {
    "ukraine": r"ukrain|\bua\b|kyiv|kiev",
    "russia": r"russia|\bru\b|moscow|kremlin",
    "syria": r"syria|damascus",
    "turkey": r"turk|ankara",
    "israel": r"israel",
    "iran": r"\biran",
    "usa": r"\bu\.s\.|\busa\b|united states|american",
    "belarus": r"belarus",
    "china": r"china|chinese",
}
INSTITUTIONS = {
    "ministry": r"ministr|\bmod\b",
    "general staff": r"general staff",
    "intelligence": r"intelligence|\bhur\b|\bgur\b",
    "security service": r"\bsbu\b|\bfsb\b|\bmit\b|security service",
    "air force": r"air force",
    "army": r"\barmy\b|armed forces",
    "government": r"government|kremlin|president",
    "channel": r"telegram|channel|\bx account|twitter|blogger",
    "media": r"media|\btv\b|news|agency",
    "embassy": r"embass",
    "opposition": r"opposition|rebel|free syrian",
}
# what a source name's other words mean, in any of the four languages (the register's key)
CONCEPTS = {
    "defence": r"defen[cs]e|\bmod\b",
    "title": r"^gen\.?$|^general$|^colonel$|^col\.?$|^minister$|^spokes(?:man|woman|person)$",
    "military": r"militar",
    "main": r"^main$|^chief$",
    "directorate": r"directorate",
    "observatory": r"observator",
}

HEDGES = (
    "reportedly|allegedly|rumour|rumor|likely|unconfirmed|is said to|it is claimed|"
    "apparently|believed to"
)
RUMOUR = "rumour|rumor|reportedly|unconfirmed"
# distancing words: a sentence carrying one goes on with the last report
DISTANCING = "allegedly"
ALSO = "also"
# what calls a claim false ("called the report fake")
VERDICTS = (
    r"fake|false|untrue|fabricat\w*|disinformation|propaganda|nonsense|lies?|rubbish|garbage|"
    r"far from the truth|baseless|groundless|fantas(?:y|ies)|fiction|delusions?|not true"
)
NOT_A_CLAIM = (
    r"^[\"“]?let (?:them|us)\s|"  # a wish, not a claim: "Let them worry"
    r"could not (?:be )?(?:independently )?(?:verify|verified|confirm|confirmed|geolocated?)|"
    r"(?:have|has) not (?:yet )?commented|no official (?:reaction|response|comment)|"
    r"(?:has|have) not been (?:independently )?(?:verified|confirmed)|unable to (?:verify|"
    r"confirm)|declined to comment|did not (?:immediately )?(?:respond|reply|answer|comment)|"
    r"(?:no|not) immediately available for comment|requests? for comment|no further details"
)
# openings that pass on what was just attributed, hedged, without a source of their own
HEDGE_LEAD = (
    r"Reportedly|Allegedly|It is claimed|It is said|Rumou?rs? (?:say|"
    r"suggest)|Unconfirmed reports (?:say|suggest)"
)
CONTINUES = r"Additionally|In addition|Furthermore|Moreover|It also|They also|He also|She also"
# time and connective words that open or close a source phrase, never part of it
CONNECTIVES = (
    r"earlier in the day|later in the day|on the same day|in the meantime|meanwhile|however|"
    r"in this way|thus|previously|"
    r"earlier|later|also|but|and|separately|in addition|in a statement|moreover|furthermore|"
    r"still|then|now|today|yesterday|in particular|at the same time|in response|despite this|"
    r"despite that|further|additionally|overnight|again|officially|repeatedly|publicly|"
    r"categorically"
)
MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
WEEKDAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"

# --- the frames' small words (claims/ingestion/frames.py) ---
ADDING = r"adding|and added|noting|stressing"
DENYING = r"denying|rejecting|(?:but|and) (?:denied|rejected)"
ASIDES = r"in turn|however|meanwhile|for (?:its|his|her|their) part|in response|though"
# opening a report that comes after the answer to it ("Earlier, media reported that Z")
EARLIER = r"earlier(?: in the day| on \w+| this week)?|previously"
# after the source, what its words answer: "…, X said, responding to the claims"
COMMENTING = r"commenting on|responding to|reacting to|referring to"
# a flat "No" opening a verdict ("No, this is false")
ANSWER_NO = r"no"
# who carried a report named without its content ("the information aired by Z was false")
REPORT_CARRIED_BY = r"(?:carried|published|aired|spread|circulated) by"
# "As an example of such fakes, X cited R1 and R2": reports X calls false by example
EXAMPLES_OF = r"as an example of (?:such|these|those)"
WHERE = r"where|in which"
DISTANCE = (
    r"(?:some |about |around |roughly |nearly |just )?"
    r"\d+(?:[.,]\d+)? ?(?:km|kilomet(?:re|er)s?|miles)"
)
ADDS = "add"
AND = "and"
PERFECT = r"has|have|had|is"
RESUMPTIVE = "so"
ABOUT = r"about|of"
NOT_TRUE = (
    r"it is not true|it's not true|this is not true|it is untrue|"
    r"there is no truth (?:in|to) (?:the )?(?:reports?|claims?|allegations?)"
)
NOT_REPORTED = "to will would should must can could may might not never yet"
DETERMINERS = "the a an its their his her our this that these"
REPORT_NOUNS = (
    r"news|reports?|claims?|allegations?|information|rumou?rs?|statements?|assertions?|"
    r"assurances?|accusations?"
)
REPORT_OF = r"of|by|from|in"
REPORT_THAT = r"that"
UNTRUE = r"(?:is|are|was|were) (?:untrue|not true|false|baseless|groundless|fabricated|a lie|lies)"
VERDICT_AS = "as"
VERDICT_ARTICLES = r"a|an|another|yet another"
VERDICT_NOUNS = "news"
RELATIVES = "which who that"
PRESS = r"reporters|journalists"
ON_DAY = r"on|late|early"
PARTICIPLE_ENDINGS = ""
SPOKEN_TO = r"in an interview with|in (?:a )?comments? to|speaking to|talking to"
TOLD_BARE = ""
IN_STATEMENT = (
    r"(?:(?:but|and|however|yet),? )?in (?:a|an|its|their|the|his|her) (?:\w+ )?"
    r"(?:statement|post|message|briefing|bulletin|update|summary|address|report)|"
    r"on (?:\w+ )?(?:television|tv|radio)"
    r"(?:,\s*(?:published|posted|released|issued) [^,]{2,60})?"
)
DENIED_PARTICLE = ""
IMPERSONAL = ""
KEEPS_ON = "continues continue continued"
ACCUSE = "accuse blame"
ACCUSED_OF = r"of|for"
SAYING = r"saying|stating"
SOURCE_LINE = r"source"
VOW = "promise vow pledge threaten"
COORDINATED = r"\s+and\s+|,\s+as well as\s+|\s+as well as\s+"
BOTH = r"both"
WHILE = r"while|whereas|but|(?:a day|a week|hours|days) after"
THIS = r"this|it|the claims?|the reports?|these (?:claims|reports)|those (?:claims|reports)"
DOUBT_PHRASES = r"cast(?:s|ing)? doubt on|call(?:s|ed|ing)? into question"
QUANTIFIERS = "number several some many various few multiple numerous two three four five group"
# "X quoted Y as saying Z": the word between the one quoted and the verb of saying
QUOTED_AS = "as"
# verbs of quoting someone, by lemma ("X quoted Y as saying", "слова Y приводит X")
QUOTE_VERBS = "quote"
# "the words of Y" opening a sentence whose verb of quoting names who carried them
WORDS_OF = r"the words of"
# "a correspondent of the channel": the outlet a reporter works for is the one speaking
REPORTERS = r"(?:correspondent|reporter|journalist)s?(?: of)?(?: the)?"
# habitual adverbs before a verb of saying ("regularly claim"): a generalisation, no claim
HABITUAL = "regularly routinely usually often frequently habitually"
# "…, because W": the reason a source gives for a denial or a doubt, a claim of its own
BECAUSE = r"because"
# "X said it had got reports (not yet checked) of Z": X passes Z on as a rumour
RECEIVED = r"received|receives|receiving|is receiving|has received|had received"
TIDINGS = r"reports|information|accounts|word"
# "Figures published by X show that Z": X's own figures
FIGURES_BY = (
    r"(?:the )?(?:figures|data|estimates|statistics|numbers) (?:published|released|"
    r"compiled|issued|gathered) by"
)
FIGURES_SHOW = r"show|shows|showed|suggest|suggests|indicate|indicates"
# "X said, in an interview aired by Y1 and Y2, that Z": Y1 and Y2 each passed it on
CARRIED_BY = (
    r"in (?:remarks|comments|a statement|an interview) (?:carried|quoted|published|"
    r"aired) by(?: both)?"
)
# "The statement of X was carried by Y1 and Y2": X's statement, passed on by each of them
STATEMENT_OF = r"the statement (?:of|by)|a statement (?:of|by)"
SPREAD_BY = "carry circulate spread"
# "…, a claim Y called false": Y denies what came before the comma
CLAIM_APPOSITIVE = r"a claim|an assertion|a report|an allegation|claims"
# "data from X", "satellite images from X": X is the source
DATA_OF = r"(?:the )?(?:data|figures|satellite (?:images|photos|imagery)|footage) (?:of|from)"
# verbs of citing or referring to a source, by lemma ("Y, which quoted X")
REFERS = "cite quote"
# "On these accusations, X said …": the report X answers, never part of X's name
ABOUT_THIS = (
    r"(?:on|to|about|of) (?:these|this|those|the) (?:claims?|reports?|accusations?|allegations?)"
)
# "Video footage shows …": evidence is not a speaker (annotation rule 8)
EVIDENCE = r"videos?|footage|photos?|images?|imagery|pictures?"
EVIDENCE_SHOWS = r"show\w*|depict\w*|corroborat\w*|purport\w*"
# a caption credit inside the text: "Photo: Jane Doe / Reuters"
PHOTO_LABEL = r"photo|image|credit"
# "We can confirm that Z" opening a quote: the speaker's lead-in, not the claim
SPEAKER_LEAD = r"we can (?:confirm|report|say|state) that|i can (?:confirm|say) that"
# ", labelling the reports as …" after a claim: the source's verdict, no part of the claim
CALLING = r"label(?:l)?ing|calling|describing|branding|dismissing"
# "said about it that": the clause that follows is the claim (not a noun after "about")
ABOUT_IT = r"about (?:it|that|this)|of (?:it|that|this)"
