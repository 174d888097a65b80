"""Ukrainian: every word the rules read, by slot (claims/ingestion/lang/__init__.py)."""

CODE = "uk"
MORPHOLOGY = "pymorphy3"

SAY = (
    "повідомити повідомляти заявити заявляти сказати казати написати писати додати "
    "додавати підтвердити визнати зазначити зазначати наголосити стверджувати оголосити "
    "розповісти пояснити вважати наголошувати коментувати прокоментувати звинуватити "
    "звинувачувати пригрозити погрожувати пообіцяти обіцяти попередити попереджати"
)
# verbs of calling a claim something ("called it fake"), by lemma
CALL = "назвати називати"
DOUBT = "засумніватися сумніватися"
DENY = "заперечити заперечувати спростувати спростовувати відкинути відкидати"
TELL = ""
POST = "опублікувати публікувати оприлюднити"
RELAY = "передавати передати"
CITE = ""

# the conjunction that opens reported speech
THAT = r"що"
# "posted a video showing …": what a post shows, as its claim
SHOWS = r"(?:на (?:якому|якій|яких) (?:видно|нібито видно)|що показує|яке показує)"
ACCORDING = (
    r"за даними|за словами|за інформацією|як повідомляє|як повідомили|як заявив|"
    r"згідно з|як передає|як передають|як пише|як пишуть|як повідомляють|як повідомило|"
    r"як повідомив|як повідомила|як заявили|як заявила"
)
# "По его словам, …": "according to him", the speaker named before
ACCORDING_HIS = r"за (?:його|її|їхніми|їх) (?:словами|даними)"
CITING = r"з посиланням на|посилаючись на"
# passive "cited by" phrases: the one named after it passed the source on
CITED_BY = r"цитован\w*|на як\w+ посила\w+ся"
BEFORE = r"^(?:про це)\b"
STATEMENT = r"йдеться"

# "on X, reports spread that": a rumour passed around on X
SPREAD = (
    r"(?:(?:почала|почали|почав)\s+)?(?:поширю\w+|поширил\w+|з['’]явил\w+|"
    r"з['’]являєт\w+)\s+(?:інформація|повідомлення|чутки|новина)"
)

PRONOUNS = "він вона воно вони його її їх нього неї них"
POINTERS = r"там|тут|відомство|міністерство|видання|їхніми"
NOT_SOURCES = (
    "який яка яке які чий що це ці ті там тут де коли поки як нагадаємо нагадуємо тим часом "
    "однак також але і й та або тому"
)
UNNAMED = r"джерел\w*|співрозмовни\w*|посадовц\w*|представни\w*"
FUNCTION_WORDS = "у в з із та і й до від при про на за по під над через після перед між біля"
# stems of words naming who speaks by role or body: a source phrase has one
SPEAKERS = (
    r"речни|міністр|командир|командувач|керівни|начальни|президент|прем|губернатор|голов|мер|"
    r"генерал|полковник|аналітик|експерт|свід|мешкан|активіст|блогер|журналіст|кореспондент|"
    r"воєнкор|спостерігач|повстан|бойовик|військ|сил|армі|поліці|змі|медіа|агенці|агентств|видання|"
    r"канал|газет|влад|адміністраці|уряд|міністерств|командуван|штаб|служб|обсерватор|груп|"
    r"організаці|коаліці|рад|офіс|посольств|кремл|пентагон|розвідк|прокуратур|суд|парламент|"
    r"депутат|генштаб|варт|охорон|гвард|патрул|флот"
)
# how a source after "according to" ends without a comma: "article" (the next
# phrase opens with a definite article), "case" (the next phrase's first word cannot be
# genitive or dative), "" (only a comma ends it)
BARE_SOURCE = "case"
# prepositions that continue a source phrase ("of the", "на отбраната")
SOURCE_LINKS = "з із у в"
AUX = "є був була було були буде будуть"


PARTIES = {
    "ukraine": r"україн|\bзсу\b|києв",
    "russia": r"росі[йя]|\bрф\b|москв|кремл",
    "syria": r"сирі",
    "turkey": r"туреч|турец",
    "israel": r"ізраїл",
    "iran": r"іран",
    "usa": r"америк|\bсша\b",
    "belarus": r"білорус",
    "china": r"кита[йя]",
}
INSTITUTIONS = {
    "ministry": r"міністерств|міноборон|відомств",
    "general staff": r"генштаб|генеральн\w* штаб",
    "intelligence": r"розвідк|\bгур\b|\bсбу\b|\bфсб\b",
    "air force": r"повітрян\w* сил",
    "army": r"армі[яї]|військ|збройн\w*(?: сил\w*)?|\bзсу\b",
    "government": r"уряд|кремл|президент",
    "channel": r"телеграм|канал|блогер",
    "media": r"медіа|телебачен|агенц|агентств",
    "embassy": r"посольств",
    "opposition": r"опозиці|повстан",
}
CONCEPTS = {
    "defence": r"^оборон|^міноборон",
    "title": r"^генерал$",
    "military": r"^військов|^воєнн",
    "main": r"^головн",
    "directorate": r"^управлінн",
    "observatory": r"^обсерватор",
}

HEDGES = "нібито|начебто|ймовірно|неперевірен|чутки|за чутками"
RUMOUR = "чутк|неперевірен|не підтверджен"
DISTANCING = "нібито|начебто"
ALSO = "також"
VERDICTS = r"фейк\w*|неправд\w*|брехн\w*|пропаганд\w*|дезінформаці\w*|вигадк\w*|вкид\w*"
NOT_A_CLAIM = (
    r"не (?:було )?підтверджен|не вдалося (?:перевірити|підтвердити)|не може (?:незалежно )?"
    r"перевірити|відмовил\w* від коментар"
)
# openings that pass on what was just attributed, hedged, without a source of their own
HEDGE_LEAD = r"Нібито|Начебто|Повідомляється|Кажуть|Ходять чутки|За чутками"
CONTINUES = r"Крім того|Також|До того ж"
# time and connective words that open or close a source phrase, never part of it
CONNECTIVES = r"попри це|крім того|тим часом|також|раніше|згодом|вчора|сьогодні|зокрема|водночас"
MONTHS = "січня|лютого|березня|квітня|травня|червня|липня|серпня|вересня|жовтня|листопада|грудня"
WEEKDAYS = "понеділок|вівторок|середу|четвер|п'ятницю|п’ятницю|суботу|неділю"

# --- the frames' small words (claims/ingestion/frames.py) ---
ADDING = r"додавши|додав|зазначивши|наголосивши"
ADDS = "додати додавати"
AND = r"і|й|та"
PERFECT = ""
RESUMPTIVE = ""
ABOUT = "про"
NOT_TRUE = r"неправда|не відповідає дійсності"
NOT_REPORTED = "буде ні не"
DETERMINERS = ""
REPORT_NOUNS = r"інформацію|чутки|повідомлення|заяви"
VERDICT_AS = ""
VERDICT_ARTICLES = r"черговим|черговою"
VERDICT_NOUNS = "новини"
RELATIVES = "який яка які"
PRESS = "журналістам"
ON_DAY = ""
PARTICIPLE_ENDINGS = r"[еаяоєі]н(?:и|а|о|е|і|ий)|[еаяо]нн\w{1,3}"
SPOKEN_TO = r"в інтерв['’]ю|в ефірі"
WHILE = r"а|тоді як"
