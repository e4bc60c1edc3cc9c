"""An EU citizen's likely right to stay, and what it means at the counter.

From the intake's EU answers this estimates the status under Directive 2004/38/EC that
the municipality's "Checklist gelijke behandeling EU-burgers" looks at, and says in the
person's language what it likely means for shelter, bijstand and registration (BRP),
what proof to bring and one sentence to say, with a Dutch card for the counter staff.

Every rule here is in ../shared/research/facts.md, section 5 (EU citizens) and
section 1 (BRP), or in the Tarola judgment it cites (C-483/17). Nothing that needs a
source we do not have is said: where the law is not clear from those, the text sends the
person to the checklist instead. Every sentence built for the person is true for their
answers: someone who never said they worked is never told to say so.

Pure Python, no Flask: the web plan, SMS and the worker form can all call assess().
"""

# ruff: noqa: E501  (the text tables below keep one sentence a line, in every language)
from __future__ import annotations

from dataclasses import dataclass, field

LANGS = ("nl", "en", "pl", "ro", "bg", "uk", "ar")

# The statuses, in the order the checklist thinks about them.
FIRST_THREE_MONTHS = "eerste-drie-maanden"  # art. 6
WORKER = "werknemer"  # art. 7(1)(a)
RETAINED_WORKER = "behouden-werknemer"  # art. 7(3)(b): worked a year or more
RETAINED_SIX_MONTHS = "behouden-werknemer-zes-maanden"  # art. 7(3)(c): less than a year
JOBSEEKER = "werkzoekende"  # art. 14(4)(b), 24(2)
INACTIVE = "niet-economisch-actief"  # art. 7(1)(b)
PERMANENT = "duurzaam-verblijf"  # art. 16
UNKNOWN = "onbekend"  # too many questions skipped to tell

STATUSES = (FIRST_THREE_MONTHS, WORKER, RETAINED_WORKER, RETAINED_SIX_MONTHS, JOBSEEKER, INACTIVE, PERMANENT, UNKNOWN)
# With these the person has equal treatment (art. 24(1)) if the estimate holds.
EQUAL_TREATMENT = frozenset({WORKER, RETAINED_WORKER, RETAINED_SIX_MONTHS, PERMANENT})

WORKED = ("korter-dan-jaar", "jaar-of-langer")


@dataclass(frozen=True)
class Assessment:
    """The estimate for one person, worded in their language (card_nl and say_nl in Dutch)."""

    status: str  # one of STATUSES
    lang: str
    equal_treatment: bool  # likely equal treatment with Dutch citizens (art. 24(1))
    title: str  # the status in plain words
    summary: str  # what the status is, for this person
    shelter: str  # what it likely means for maatschappelijke opvang
    bijstand: str  # ... for bijstand
    registration: str  # ... for registration in the BRP
    bring: tuple[str, ...]  # proof to bring
    tips: tuple[str, ...]  # what to do now that changes the outcome (register with UWV)
    say: str  # one true sentence for the counter, in the person's language
    say_nl: str  # the same sentence in Dutch
    estimate: str  # "this is an estimate; the municipality decides"
    legal_basis: tuple[str, ...]  # articles of Directive 2004/38/EC behind the estimate
    card_nl: str  # the Dutch card for counter staff, with the articles
    labels: dict[str, str] = field(default_factory=dict)  # headings for the plan page


def status(facts: dict) -> str:
    """The likely status under Directive 2004/38/EC, from the intake's facts."""
    stay, work = facts.get("eu_stay"), facts.get("eu_work")
    worked, involuntary, seeking = facts.get("eu_worked"), facts.get("eu_involuntary"), facts.get("eu_jobseeker")
    if stay == "langer-dan-5-jaar":
        return PERMANENT  # art. 16, if the stay was legal all along: the text says so
    if stay == "korter-dan-3-maanden":
        return FIRST_THREE_MONTHS  # only asked of people who do not work now
    if work == "nu":
        return WORKER
    # Art. 7(3)(b)/(c): involuntary unemployment, registered as a job-seeker (Tarola: (c) too).
    if worked in WORKED and involuntary is True and seeking == "uwv":
        return RETAINED_WORKER if worked == "jaar-of-langer" else RETAINED_SIX_MONTHS
    if seeking in ("uwv", "ja"):
        return JOBSEEKER
    if seeking == "nee" and work in ("kwijt", "nee"):
        return INACTIVE  # "you do not work" is only said to someone who said so
    return UNKNOWN


def assess(facts: dict, lang: str) -> Assessment | None:
    """The estimate for an EU citizen in lang (Dutch when we lack it); None for anyone else."""
    if facts.get("nationality") != "eu":
        return None
    lang = lang if lang in LANGS else "nl"
    code = status(facts)
    equal = code in EQUAL_TREATMENT

    def t(key: str) -> str:
        return TEXTS[key][lang]

    bijstand = t("bijstand-equal") if equal else t(f"bijstand-{code}")
    registered = facts.get("brp") in ("woonadres", "briefadres")
    registration = t("brp-registered" if registered else "brp-needed") + " " + t("brp-not-a-condition")
    return Assessment(
        status=code,
        lang=lang,
        equal_treatment=equal,
        title=t(f"title-{code}"),
        summary=t(f"summary-{code}"),
        shelter=t("shelter-equal" if equal else "shelter-check"),
        bijstand=bijstand,
        registration=registration,
        bring=tuple(t(k) for k in _bring(code, facts)),
        tips=tuple(t(k) for k in _tips(facts)),
        say=" ".join(t(k) for k in _say(facts)),
        say_nl=" ".join(TEXTS[k]["nl"] for k in _say(facts)),
        estimate=t("estimate"),
        legal_basis=LEGAL_BASIS[code],
        card_nl=f"{CARD_PREFIX} {CARDS[code]} {CARD_TRAILER}",
        labels={key: TEXTS[f"label-{key}"][lang] for key in LABELS},
    )


def _bring(code: str, facts: dict) -> list[str]:
    worked = facts.get("eu_worked") in WORKED
    items = ["bring-id"]
    if code == PERMANENT:
        return items + ["bring-five-years"]
    if code == WORKER or worked:
        items.append("bring-work")
    if facts.get("eu_involuntary") is True and worked:
        items.append("bring-end")
    if facts.get("eu_jobseeker") == "uwv":
        items.append("bring-uwv")
    if code == JOBSEEKER:
        items.append("bring-seeking")
    if code == INACTIVE:
        items.append("bring-money")
    return items + ["bring-stay"]


def _tips(facts: dict) -> list[str]:
    # Lost a job against their will but not registered: registering is what keeps the status.
    if (
        facts.get("eu_worked") in WORKED
        and facts.get("eu_involuntary") is True
        and facts.get("eu_jobseeker") in ("ja", "nee")
    ):
        return ["tip-register-uwv"]
    return []


def _say(facts: dict) -> list[str]:
    """The sentence to say, from parts that are each true for these answers."""
    parts = ["say-eu"]
    stay = facts.get("eu_stay")
    if stay == "korter-dan-3-maanden":
        parts.append("say-short-stay")
    elif stay == "langer-dan-5-jaar":
        parts.append("say-five-years")
    if facts.get("eu_work") == "nu":
        parts.append("say-work")
    elif facts.get("eu_worked") == "jaar-of-langer":
        parts.append("say-worked-year")
    elif facts.get("eu_worked") == "korter-dan-jaar":
        parts.append("say-worked-less")
    if facts.get("eu_involuntary") is True and facts.get("eu_worked") in WORKED:
        parts.append("say-involuntary")
    if facts.get("eu_jobseeker") == "uwv":
        parts.append("say-uwv")
    elif facts.get("eu_jobseeker") == "ja":
        parts.append("say-seeking")
    return parts + ["say-ask"]


# ---- for the counter staff, in Dutch ------------------------------------------------------

LEGAL_BASIS: dict[str, tuple[str, ...]] = {
    FIRST_THREE_MONTHS: ("art. 6", "art. 24 lid 2"),
    WORKER: ("art. 7 lid 1 sub a", "art. 24 lid 1"),
    RETAINED_WORKER: ("art. 7 lid 3 sub b", "art. 24 lid 1"),
    RETAINED_SIX_MONTHS: ("art. 7 lid 3 sub c", "art. 24 lid 1"),
    JOBSEEKER: ("art. 14 lid 4 sub b", "art. 24 lid 2"),
    INACTIVE: ("art. 7 lid 1 sub b", "art. 14 lid 1"),
    PERMANENT: ("art. 16", "art. 24 lid 1"),
    UNKNOWN: ("art. 24",),
}

CARD_PREFIX = "Inschatting verblijfsrecht EU-burger (Richtlijn 2004/38/EG):"
CHECK = (
    "Graag beoordelen met de Checklist gelijke behandeling EU-burgers; is er geen recht, "
    "is er dan kortdurende opvang voor EU-burgers?"
)
CARDS: dict[str, str] = {
    FIRST_THREE_MONTHS: (
        "verblijft korter dan 3 maanden in Nederland: verblijfsrecht met alleen een geldig "
        "identiteitsbewijs (art. 6). In deze periode hoeft geen bijstand te worden verleend "
        "(art. 24 lid 2; Participatiewet, Kamerstuk 30 493 nr. 3). " + CHECK
    ),
    WORKER: (
        "werkt nu in Nederland: werknemer of zelfstandige, verblijfsrecht zonder verdere "
        "voorwaarden (art. 7 lid 1 sub a) en recht op gelijke behandeling (art. 24 lid 1)."
    ),
    RETAINED_WORKER: (
        "onvrijwillig werkloos na (volgens eigen zeggen) 1 jaar of langer werk in Nederland, en "
        "ingeschreven als werkzoekende bij UWV: behoud van de status van werknemer (art. 7 lid 3 "
        "sub b; dit geldt na meer dan een jaar werk) en daarmee recht op gelijke behandeling "
        "(art. 24 lid 1)."
    ),
    RETAINED_SIX_MONTHS: (
        "onvrijwillig werkloos na minder dan een jaar werk in Nederland, en ingeschreven als "
        "werkzoekende bij UWV: behoud van de status van werknemer gedurende minstens 6 maanden "
        "(art. 7 lid 3 sub c; HvJ EU 11 april 2019, C-483/17 Tarola) en daarmee recht op gelijke "
        "behandeling (art. 24 lid 1)."
    ),
    JOBSEEKER: (
        "werkzoekende: mag niet worden uitgezet zolang deze persoon werk zoekt en een reële kans "
        "op werk heeft (art. 14 lid 4 sub b). Voor werkzoekenden geldt geen recht op bijstand "
        "(art. 24 lid 2; Participatiewet, Kamerstuk 30 493 nr. 3). " + CHECK
    ),
    INACTIVE: (
        "werkt niet en zoekt geen werk: na 3 maanden verblijfsrecht met voldoende middelen en een "
        "ziektekostenverzekering (art. 7 lid 1 sub b), zolang deze persoon geen onredelijke "
        "belasting vormt voor de bijstand (art. 14 lid 1). " + CHECK
    ),
    PERMANENT: (
        "verblijft volgens eigen zeggen 5 jaar of langer in Nederland: na 5 jaar onafgebroken "
        "legaal verblijf duurzaam verblijfsrecht (art. 16) en recht op gelijke behandeling "
        "(art. 24 lid 1). Graag nagaan of het verblijf al die tijd legaal was."
    ),
    UNKNOWN: "te weinig antwoorden voor een inschatting. Graag beoordelen met de Checklist gelijke behandeling EU-burgers (art. 24).",
}
CARD_TRAILER = (
    "Bij gelijke behandeling bepaalt daarna de Wmo-toets de toegang tot de maatschappelijke opvang. "
    "Dit is een inschatting van Loketwijzer op basis van de antwoorden van deze persoon; de gemeente "
    "beslist. De checklist (VWS, SZW en JenV, arbeidsmigratieingoedebanen.nl) is geen bindende beoordeling."
)

# ---- for the person, in every language ------------------------------------------------------

LABELS = ("heading", "shelter", "bijstand", "registration", "tips", "bring", "say", "say_nl", "card")

TEXTS: dict[str, dict[str, str]] = {
    # headings on the plan page
    "label-heading": {
        "nl": "Jouw recht om hier te zijn: onze inschatting",
        "en": "Your right to be here: our estimate",
        "pl": "Twoje prawo do pobytu: nasza ocena",
        "ro": "Dreptul tău de ședere: estimarea noastră",
        "bg": "Правото ти да си тук: нашата оценка",
        "uk": "Твоє право бути тут: наша оцінка",
        "ar": "حقك في التواجد هنا: تقديرنا",
    },
    "label-shelter": {
        "nl": "Opvang",
        "en": "Shelter",
        "pl": "Schronienie",
        "ro": "Adăpost",
        "bg": "Приют",
        "uk": "Притулок",
        "ar": "المأوى",
    },
    "label-bijstand": {
        "nl": "Bijstand",
        "en": "Bijstand (social assistance)",
        "pl": "Bijstand (zasiłek z pomocy społecznej)",
        "ro": "Bijstand (ajutor social)",
        "bg": "Bijstand (социална помощ)",
        "uk": "Bijstand (соціальна допомога)",
        "ar": "Bijstand (المساعدة الاجتماعية)",
    },
    "label-registration": {
        "nl": "Inschrijving bij de gemeente (BRP)",
        "en": "Registration with the municipality (BRP)",
        "pl": "Meldunek w gminie (BRP)",
        "ro": "Înregistrarea la primărie (BRP)",
        "bg": "Регистрация в общината (BRP)",
        "uk": "Реєстрація в муніципалітеті (BRP)",
        "ar": "التسجيل في البلدية (BRP)",
    },
    "label-tips": {
        "nl": "Doe dit nu",
        "en": "Do this now",
        "pl": "Zrób to teraz",
        "ro": "Fă asta acum",
        "bg": "Направи това сега",
        "uk": "Зроби це зараз",
        "ar": "افعل هذا الآن",
    },
    "label-bring": {
        "nl": "Neem mee",
        "en": "Bring",
        "pl": "Zabierz ze sobą",
        "ro": "Ia cu tine",
        "bg": "Вземи със себе си",
        "uk": "Візьми з собою",
        "ar": "خذ معك",
    },
    "label-say": {
        "nl": "Zeg aan het loket",
        "en": "Say at the counter",
        "pl": "Powiedz w okienku",
        "ro": "Spune la ghișeu",
        "bg": "Кажи на гишето",
        "uk": "Скажи у віконці",
        "ar": "قل عند الشباك",
    },
    "label-say_nl": {
        "nl": "In het Nederlands",
        "en": "In Dutch",
        "pl": "Po niderlandzku",
        "ro": "În neerlandeză",
        "bg": "На нидерландски",
        "uk": "Нідерландською",
        "ar": "بالهولندية",
    },
    "label-card": {
        "nl": "Laat dit zien aan de medewerker",
        "en": "Show this to the staff member",
        "pl": "Pokaż to pracownikowi",
        "ro": "Arată asta angajatului",
        "bg": "Покажи това на служителя",
        "uk": "Покажи це працівникові",
        "ar": "أرِ هذا للموظف",
    },
    "estimate": {
        "nl": "Dit is een inschatting op basis van je antwoorden. De gemeente beslist.",
        "en": "This is an estimate based on your answers. The municipality decides.",
        "pl": "To jest ocena na podstawie twoich odpowiedzi. Decyzję podejmuje gmina.",
        "ro": "Aceasta este o estimare pe baza răspunsurilor tale. Primăria decide.",
        "bg": "Това е оценка въз основа на твоите отговори. Общината решава.",
        "uk": "Це оцінка на основі твоїх відповідей. Рішення ухвалює муніципалітет.",
        "ar": "هذا تقدير بناءً على إجاباتك. البلدية هي التي تقرر.",
    },
    # ---- the statuses
    "title-eerste-drie-maanden": {
        "nl": "De eerste 3 maanden",
        "en": "The first 3 months",
        "pl": "Pierwsze 3 miesiące",
        "ro": "Primele 3 luni",
        "bg": "Първите 3 месеца",
        "uk": "Перші 3 місяці",
        "ar": "الأشهر الثلاثة الأولى",
    },
    "summary-eerste-drie-maanden": {
        "nl": "Je bent korter dan 3 maanden in Nederland. Je mag hier zijn met een geldig paspoort of ID-kaart.",
        "en": "You have been in the Netherlands for less than 3 months. You may be here with a valid passport or ID card.",
        "pl": "Jesteś w Holandii krócej niż 3 miesiące. Możesz tu być z ważnym paszportem albo dowodem osobistym.",
        "ro": "Ești în Olanda de mai puțin de 3 luni. Poți sta aici cu un pașaport sau o carte de identitate valabilă.",
        "bg": "В Холандия си от по-малко от 3 месеца. Можеш да си тук с валиден паспорт или лична карта.",
        "uk": "Ти в Нідерландах менше 3 місяців. Ти можеш бути тут із дійсним паспортом або ID-карткою.",
        "ar": "أنت في هولندا منذ أقل من 3 أشهر. يحق لك أن تكون هنا بجواز سفر أو بطاقة هوية سارية.",
    },
    "bijstand-eerste-drie-maanden": {
        "nl": "In je eerste 3 maanden hoeft de gemeente je geen bijstand te geven.",
        "en": "In your first 3 months the municipality does not have to give you bijstand (social assistance).",
        "pl": "W pierwszych 3 miesiącach gmina nie musi dawać ci bijstand (zasiłku z pomocy społecznej).",
        "ro": "În primele 3 luni, primăria nu este obligată să-ți dea bijstand (ajutor social).",
        "bg": "През първите 3 месеца общината не е длъжна да ти дава bijstand (социална помощ).",
        "uk": "У перші 3 місяці муніципалітет не зобов’язаний давати тобі bijstand (соціальну допомогу).",
        "ar": "في الأشهر الثلاثة الأولى، البلدية غير ملزمة بأن تعطيك bijstand (المساعدة الاجتماعية).",
    },
    "title-werknemer": {
        "nl": "Werknemer of zelfstandige",
        "en": "Worker or self-employed",
        "pl": "Pracownik albo osoba samozatrudniona",
        "ro": "Lucrător sau persoană care lucrează pe cont propriu",
        "bg": "Работник или самонаето лице",
        "uk": "Працівник або самозайнята особа",
        "ar": "عامل أو صاحب عمل حر",
    },
    "summary-werknemer": {
        "nl": "Je werkt in Nederland. Dan mag je hier blijven. Je hebt recht op gelijke behandeling: de gemeente moet je behandelen zoals een Nederlander.",
        "en": "You work in the Netherlands. Then you may stay here. You have a right to equal treatment: the municipality must treat you like a Dutch citizen.",
        "pl": "Pracujesz w Holandii. Wtedy możesz tu zostać. Masz prawo do równego traktowania: gmina musi traktować cię jak Holendra.",
        "ro": "Lucrezi în Olanda. Atunci poți rămâne aici. Ai dreptul la tratament egal: primăria trebuie să te trateze ca pe un cetățean olandez.",
        "bg": "Работиш в Холандия. Тогава можеш да останеш тук. Имаш право на равно третиране: общината трябва да се отнася с теб като с холандец.",
        "uk": "Ти працюєш у Нідерландах. Тоді ти можеш залишатися тут. Ти маєш право на рівне ставлення: муніципалітет має ставитися до тебе як до громадянина Нідерландів.",
        "ar": "أنت تعمل في هولندا. إذن يحق لك البقاء هنا. لك الحق في المساواة في المعاملة: على البلدية أن تعاملك مثل المواطن الهولندي.",
    },
    "title-behouden-werknemer": {
        "nl": "Je blijft werknemer",
        "en": "You stay a worker",
        "pl": "Nadal jesteś pracownikiem",
        "ro": "Rămâi lucrător",
        "bg": "Оставаш работник",
        "uk": "Ти залишаєшся працівником",
        "ar": "تبقى عاملًا",
    },
    "summary-behouden-werknemer": {
        "nl": "Je werkte hier 1 jaar of langer. Je werk stopte buiten je wil en je staat ingeschreven bij UWV. Dan blijf je waarschijnlijk werknemer, met recht op gelijke behandeling.",
        "en": "You worked here for 1 year or longer. Your job ended against your will and you are registered with UWV. Then you most likely stay a worker, with a right to equal treatment.",
        "pl": "Pracowałeś/aś tu 1 rok lub dłużej. Praca skończyła się wbrew twojej woli i jesteś zarejestrowany/a w UWV. Wtedy najpewniej nadal jesteś pracownikiem, z prawem do równego traktowania.",
        "ro": "Ai lucrat aici 1 an sau mai mult. Munca ta s-a încheiat fără voia ta și ești înscris(ă) la UWV. Atunci cel mai probabil rămâi lucrător, cu drept la tratament egal.",
        "bg": "Работил(а) си тук 1 година или повече. Работата ти спря против волята ти и си регистриран(а) в UWV. Тогава най-вероятно оставаш работник, с право на равно третиране.",
        "uk": "Ти працював(ла) тут 1 рік або довше. Робота закінчилася не з твоєї волі, і ти зареєстрований(а) в UWV. Тоді ти, найімовірніше, залишаєшся працівником і маєш право на рівне ставлення.",
        "ar": "عملت هنا سنة أو أكثر. انتهى عملك رغمًا عنك وأنت مسجَّل لدى UWV. إذن على الأرجح تبقى عاملًا، ولك الحق في المساواة في المعاملة.",
    },
    "title-behouden-werknemer-zes-maanden": {
        "nl": "Je blijft minstens 6 maanden werknemer",
        "en": "You stay a worker for at least 6 months",
        "pl": "Jesteś pracownikiem jeszcze co najmniej 6 miesięcy",
        "ro": "Rămâi lucrător cel puțin 6 luni",
        "bg": "Оставаш работник поне 6 месеца",
        "uk": "Ти залишаєшся працівником щонайменше 6 місяців",
        "ar": "تبقى عاملًا 6 أشهر على الأقل",
    },
    "summary-behouden-werknemer-zes-maanden": {
        "nl": "Je werkte hier korter dan 1 jaar. Je werk stopte buiten je wil en je staat ingeschreven bij UWV. Dan blijf je minstens 6 maanden werknemer. In die tijd heb je recht op gelijke behandeling.",
        "en": "You worked here for less than 1 year. Your job ended against your will and you are registered with UWV. Then you stay a worker for at least 6 months. During that time you have a right to equal treatment.",
        "pl": "Pracowałeś/aś tu krócej niż 1 rok. Praca skończyła się wbrew twojej woli i jesteś zarejestrowany/a w UWV. Wtedy jesteś pracownikiem jeszcze co najmniej 6 miesięcy. W tym czasie masz prawo do równego traktowania.",
        "ro": "Ai lucrat aici mai puțin de 1 an. Munca ta s-a încheiat fără voia ta și ești înscris(ă) la UWV. Atunci rămâi lucrător cel puțin 6 luni. În acest timp ai drept la tratament egal.",
        "bg": "Работил(а) си тук по-малко от 1 година. Работата ти спря против волята ти и си регистриран(а) в UWV. Тогава оставаш работник поне 6 месеца. През това време имаш право на равно третиране.",
        "uk": "Ти працював(ла) тут менше 1 року. Робота закінчилася не з твоєї волі, і ти зареєстрований(а) в UWV. Тоді ти залишаєшся працівником щонайменше 6 місяців. У цей час ти маєш право на рівне ставлення.",
        "ar": "عملت هنا أقل من سنة. انتهى عملك رغمًا عنك وأنت مسجَّل لدى UWV. إذن تبقى عاملًا 6 أشهر على الأقل. خلال هذه المدة لك الحق في المساواة في المعاملة.",
    },
    "title-werkzoekende": {
        "nl": "Werkzoekende",
        "en": "Job-seeker",
        "pl": "Osoba szukająca pracy",
        "ro": "Persoană care își caută de lucru",
        "bg": "Търсещ работа",
        "uk": "Шукач роботи",
        "ar": "باحث عن عمل",
    },
    "summary-werkzoekende": {
        "nl": "Je zoekt werk in Nederland. Zolang je werk zoekt en echt kans maakt op werk, mag je niet worden weggestuurd.",
        "en": "You are looking for work in the Netherlands. As long as you look for work and have a real chance of getting it, you may not be sent away.",
        "pl": "Szukasz pracy w Holandii. Dopóki szukasz pracy i masz realną szansę ją dostać, nie wolno cię wydalić.",
        "ro": "Îți cauți de lucru în Olanda. Cât timp cauți de lucru și ai o șansă reală să găsești, nu poți fi trimis(ă) din țară.",
        "bg": "Търсиш работа в Холандия. Докато търсиш работа и имаш реален шанс да намериш, не могат да те изгонят от страната.",
        "uk": "Ти шукаєш роботу в Нідерландах. Поки ти шукаєш роботу і маєш реальний шанс її знайти, тебе не можуть вислати.",
        "ar": "أنت تبحث عن عمل في هولندا. ما دمت تبحث عن عمل ولديك فرصة حقيقية للحصول عليه، لا يجوز ترحيلك.",
    },
    "bijstand-werkzoekende": {
        "nl": "Als werkzoekende krijg je geen bijstand.",
        "en": "As a job-seeker you do not get bijstand (social assistance).",
        "pl": "Jako osoba szukająca pracy nie dostaniesz bijstand (zasiłku z pomocy społecznej).",
        "ro": "Ca persoană care își caută de lucru nu primești bijstand (ajutor social).",
        "bg": "Като търсещ работа не получаваш bijstand (социална помощ).",
        "uk": "Як шукач роботи ти не отримуєш bijstand (соціальну допомогу).",
        "ar": "بصفتك باحثًا عن عمل لا تحصل على bijstand (المساعدة الاجتماعية).",
    },
    "title-niet-economisch-actief": {
        "nl": "Geen werk, en je zoekt geen werk",
        "en": "No work, and not looking for work",
        "pl": "Bez pracy i nie szukasz pracy",
        "ro": "Fără lucru și nu cauți de lucru",
        "bg": "Без работа и не търсиш работа",
        "uk": "Без роботи, і ти не шукаєш роботу",
        "ar": "بلا عمل ولا تبحث عن عمل",
    },
    "summary-niet-economisch-actief": {
        "nl": "Je werkt niet en je zoekt geen werk. Na 3 maanden mag je dan blijven als je genoeg eigen geld hebt en een ziektekostenverzekering.",
        "en": "You do not work and you are not looking for work. After 3 months you may then stay if you have enough money of your own and health insurance.",
        "pl": "Nie pracujesz i nie szukasz pracy. Po 3 miesiącach możesz wtedy zostać, jeśli masz dość własnych pieniędzy i ubezpieczenie zdrowotne.",
        "ro": "Nu lucrezi și nu cauți de lucru. După 3 luni poți rămâne dacă ai destui bani proprii și o asigurare de sănătate.",
        "bg": "Не работиш и не търсиш работа. След 3 месеца можеш да останеш, ако имаш достатъчно собствени пари и здравна застраховка.",
        "uk": "Ти не працюєш і не шукаєш роботу. Після 3 місяців ти можеш залишитися, якщо маєш достатньо власних грошей і медичне страхування.",
        "ar": "أنت لا تعمل ولا تبحث عن عمل. بعد 3 أشهر يحق لك البقاء إذا كان لديك مال كافٍ خاص بك وتأمين صحي.",
    },
    "bijstand-niet-economisch-actief": {
        "nl": "Bijstand is dan niet waarschijnlijk: je recht om hier te blijven hangt af van genoeg eigen geld.",
        "en": "Bijstand (social assistance) is then unlikely: your right to stay depends on having enough money of your own.",
        "pl": "Bijstand (zasiłek z pomocy społecznej) jest wtedy mało prawdopodobny: twoje prawo pobytu zależy od tego, czy masz dość własnych pieniędzy.",
        "ro": "Atunci bijstand (ajutorul social) este puțin probabil: dreptul tău de ședere depinde de a avea destui bani proprii.",
        "bg": "Тогава bijstand (социална помощ) е малко вероятна: правото ти да останеш зависи от това да имаш достатъчно собствени пари.",
        "uk": "Тоді bijstand (соціальна допомога) малоймовірна: твоє право залишитися залежить від того, чи маєш ти достатньо власних грошей.",
        "ar": "عندها يكون الحصول على bijstand (المساعدة الاجتماعية) غير مرجّح: حقك في البقاء يعتمد على امتلاكك مالًا كافيًا خاصًا بك.",
    },
    "title-duurzaam-verblijf": {
        "nl": "Duurzaam verblijf (5 jaar of langer)",
        "en": "Permanent residence (5 years or longer)",
        "pl": "Stały pobyt (5 lat lub dłużej)",
        "ro": "Ședere permanentă (5 ani sau mai mult)",
        "bg": "Постоянно пребиваване (5 години или повече)",
        "uk": "Постійне проживання (5 років або довше)",
        "ar": "إقامة دائمة (5 سنوات أو أكثر)",
    },
    "summary-duurzaam-verblijf": {
        "nl": "Je bent al 5 jaar of langer in Nederland. Had je al die tijd recht op verblijf, bijvoorbeeld omdat je werkte? Dan heb je waarschijnlijk duurzaam verblijfsrecht, met recht op gelijke behandeling.",
        "en": "You have been in the Netherlands for 5 years or longer. Did you have a right to stay all that time, for example because you worked? Then you most likely have permanent residence, with a right to equal treatment.",
        "pl": "Jesteś w Holandii od 5 lat lub dłużej. Czy przez cały ten czas miałeś/aś prawo pobytu, na przykład dlatego, że pracowałeś/aś? Wtedy najpewniej masz prawo stałego pobytu, z prawem do równego traktowania.",
        "ro": "Ești în Olanda de 5 ani sau mai mult. Ai avut drept de ședere în tot acest timp, de exemplu pentru că ai lucrat? Atunci cel mai probabil ai drept de ședere permanentă, cu drept la tratament egal.",
        "bg": "В Холандия си от 5 години или повече. Имал(а) ли си право на пребиваване през цялото това време, например защото си работил(а)? Тогава най-вероятно имаш право на постоянно пребиваване, с право на равно третиране.",
        "uk": "Ти в Нідерландах 5 років або довше. Чи мав(ла) ти право на перебування весь цей час, наприклад тому, що працював(ла)? Тоді ти, найімовірніше, маєш право на постійне проживання і право на рівне ставлення.",
        "ar": "أنت في هولندا منذ 5 سنوات أو أكثر. هل كان لك حق الإقامة طوال هذه المدة، مثلًا لأنك كنت تعمل؟ إذن على الأرجح لديك حق الإقامة الدائمة، مع الحق في المساواة في المعاملة.",
    },
    "title-onbekend": {
        "nl": "Nog niet duidelijk",
        "en": "Not clear yet",
        "pl": "Jeszcze nie wiadomo",
        "ro": "Încă nu este clar",
        "bg": "Още не е ясно",
        "uk": "Поки що не ясно",
        "ar": "غير واضح بعد",
    },
    "summary-onbekend": {
        "nl": "We weten te weinig om je recht om hier te zijn in te schatten. Het hangt af van je werk en hoe lang je hier bent.",
        "en": "We know too little to estimate your right to be here. It depends on your work and how long you have been here.",
        "pl": "Wiemy za mało, żeby ocenić twoje prawo do pobytu. To zależy od twojej pracy i od tego, jak długo tu jesteś.",
        "ro": "Știm prea puțin ca să estimăm dreptul tău de ședere. Depinde de munca ta și de cât timp ești aici.",
        "bg": "Знаем твърде малко, за да преценим правото ти да си тук. То зависи от работата ти и от това колко време си тук.",
        "uk": "Ми знаємо замало, щоб оцінити твоє право бути тут. Це залежить від твоєї роботи і від того, як довго ти тут.",
        "ar": "نعرف القليل جدًا لتقدير حقك في التواجد هنا. الأمر يعتمد على عملك وعلى مدة وجودك هنا.",
    },
    "bijstand-onbekend": {
        "nl": "Of je bijstand kunt krijgen, hangt daar ook van af. De gemeente kijkt het na.",
        "en": "Whether you can get bijstand (social assistance) depends on that too. The municipality checks it.",
        "pl": "Od tego zależy też, czy możesz dostać bijstand (zasiłek z pomocy społecznej). Gmina to sprawdzi.",
        "ro": "De asta depinde și dacă poți primi bijstand (ajutor social). Primăria verifică.",
        "bg": "От това зависи и дали можеш да получиш bijstand (социална помощ). Общината ще провери.",
        "uk": "Від цього залежить і те, чи можеш ти отримати bijstand (соціальну допомогу). Муніципалітет це перевірить.",
        "ar": "ويعتمد على ذلك أيضًا ما إذا كان يمكنك الحصول على bijstand (المساعدة الاجتماعية). البلدية ستتحقق من ذلك.",
    },
    # ---- shared lines
    "bijstand-equal": {
        "nl": "Voor bijstand gelden dan dezelfde regels als voor Nederlanders.",
        "en": "For bijstand (social assistance), the same rules then apply as for Dutch citizens.",
        "pl": "Wtedy przy bijstand (zasiłku z pomocy społecznej) obowiązują cię te same zasady co Holendrów.",
        "ro": "Atunci, pentru bijstand (ajutor social), se aplică aceleași reguli ca pentru olandezi.",
        "bg": "Тогава за bijstand (социална помощ) важат същите правила като за холандците.",
        "uk": "Тоді для bijstand (соціальної допомоги) діють ті самі правила, що й для громадян Нідерландів.",
        "ar": "عندها تنطبق عليك بخصوص bijstand (المساعدة الاجتماعية) القواعد نفسها التي تنطبق على الهولنديين.",
    },
    "shelter-equal": {
        "nl": "Met gelijke behandeling kijkt de gemeente of je opvang krijgt, net als bij een Nederlander.",
        "en": "With equal treatment, the municipality checks if you get shelter, just as it would for a Dutch citizen.",
        "pl": "Przy równym traktowaniu gmina sprawdza, czy dostaniesz schronienie, tak samo jak w przypadku Holendra.",
        "ro": "Cu tratament egal, primăria verifică dacă primești adăpost, la fel ca pentru un olandez.",
        "bg": "При равно третиране общината проверява дали ще получиш приют, както би направила за холандец.",
        "uk": "За рівного ставлення муніципалітет перевіряє, чи отримаєш ти притулок, так само як для громадянина Нідерландів.",
        "ar": "مع المساواة في المعاملة، تتحقق البلدية مما إذا كنت ستحصل على مأوى، تمامًا كما تفعل مع المواطن الهولندي.",
    },
    "shelter-check": {
        "nl": "De gemeente kijkt met de checklist gelijke behandeling of je recht hebt op opvang. Geen recht? Vraag dan naar kortdurende opvang voor EU-burgers. Die is er in sommige steden.",
        "en": "The municipality uses the equal treatment checklist (checklist gelijke behandeling) to see if you have a right to shelter. No right? Then ask about short-term shelter for EU citizens. Some cities have it.",
        "pl": "Gmina sprawdza według listy kontrolnej równego traktowania (checklist gelijke behandeling), czy masz prawo do schronienia. Nie masz prawa? Zapytaj o krótkoterminowe schronienie dla obywateli UE. Jest ono w niektórych miastach.",
        "ro": "Primăria verifică, cu lista pentru tratament egal (checklist gelijke behandeling), dacă ai drept la adăpost. Nu ai drept? Întreabă atunci de adăpost pe termen scurt pentru cetățenii UE. Există în unele orașe.",
        "bg": "Общината проверява с контролния списък за равно третиране (checklist gelijke behandeling) дали имаш право на приют. Нямаш право? Тогава попитай за краткосрочен приют за граждани на ЕС. Има го в някои градове.",
        "uk": "Муніципалітет перевіряє за чек-листом рівного ставлення (checklist gelijke behandeling), чи маєш ти право на притулок. Немає права? Тоді запитай про короткостроковий притулок для громадян ЄС. Він є в деяких містах.",
        "ar": "تتحقق البلدية بواسطة قائمة المساواة في المعاملة (checklist gelijke behandeling) مما إذا كان لك حق في المأوى. ليس لك حق؟ اسأل إذن عن المأوى قصير المدة لمواطني الاتحاد الأوروبي. يوجد في بعض المدن.",
    },
    "brp-registered": {
        "nl": "Je staat ingeschreven in de BRP. Neem het bewijs mee.",
        "en": "You are registered in the BRP. Bring proof of it.",
        "pl": "Masz meldunek w BRP. Zabierz potwierdzenie.",
        "ro": "Ești înregistrat(ă) în BRP. Ia dovada cu tine.",
        "bg": "Регистриран(а) си в BRP. Вземи доказателство за това.",
        "uk": "Ти зареєстрований(а) в BRP. Візьми підтвердження.",
        "ar": "أنت مسجَّل في BRP. خذ معك ما يثبت ذلك.",
    },
    "brp-needed": {
        "nl": "Ben je 4 maanden of langer in een half jaar in Nederland? Dan moet je je inschrijven bij de gemeente (BRP). Heb je geen woonadres? Dan moet de gemeente je inschrijven op een briefadres.",
        "en": "Are you in the Netherlands for 4 months or longer within half a year? Then you must register with the municipality (BRP). No home address? Then the municipality must register you at a briefadres (an address for your post).",
        "pl": "Jesteś w Holandii 4 miesiące lub dłużej w ciągu pół roku? Wtedy musisz zameldować się w gminie (BRP). Nie masz adresu zamieszkania? Wtedy gmina musi zameldować cię na briefadres (adres do korespondencji).",
        "ro": "Ești în Olanda 4 luni sau mai mult într-o jumătate de an? Atunci trebuie să te înregistrezi la primărie (BRP). Nu ai adresă de locuință? Atunci primăria trebuie să te înregistreze cu un briefadres (o adresă pentru poșta ta).",
        "bg": "В Холандия ли си 4 месеца или повече в рамките на половин година? Тогава трябва да се регистрираш в общината (BRP). Нямаш адрес, на който живееш? Тогава общината трябва да те регистрира на briefadres (адрес за пощата ти).",
        "uk": "Ти в Нідерландах 4 місяці або довше протягом пів року? Тоді ти маєш зареєструватися в муніципалітеті (BRP). Немає адреси проживання? Тоді муніципалітет має зареєструвати тебе за briefadres (адресою для твоєї пошти).",
        "ar": "هل أنت في هولندا 4 أشهر أو أكثر خلال نصف سنة؟ إذن يجب أن تسجّل نفسك في البلدية (BRP). ليس لديك عنوان سكن؟ إذن على البلدية أن تسجّلك على عنوان بريدي (briefadres).",
    },
    "brp-not-a-condition": {
        "nl": "Je recht om hier te zijn hangt niet af van die inschrijving.",
        "en": "Your right to be here does not depend on that registration.",
        "pl": "Twoje prawo do pobytu nie zależy od tego meldunku.",
        "ro": "Dreptul tău de a fi aici nu depinde de această înregistrare.",
        "bg": "Правото ти да си тук не зависи от тази регистрация.",
        "uk": "Твоє право бути тут не залежить від цієї реєстрації.",
        "ar": "حقك في التواجد هنا لا يعتمد على هذا التسجيل.",
    },
    "tip-register-uwv": {
        "nl": "Zoek je werk? Schrijf je dan meteen in als werkzoekende bij UWV (werk.nl). Dan kun je werknemer blijven.",
        "en": "Looking for work? Then register as a job-seeker with UWV (werk.nl) straight away. Then you can stay a worker.",
        "pl": "Szukasz pracy? Zarejestruj się od razu jako szukający/a pracy w UWV (werk.nl). Wtedy możesz pozostać pracownikiem.",
        "ro": "Îți cauți de lucru? Atunci înscrie-te imediat ca persoană care caută de lucru la UWV (werk.nl). Așa poți rămâne lucrător.",
        "bg": "Търсиш работа? Тогава веднага се регистрирай като търсещ работа в UWV (werk.nl). Така можеш да останеш работник.",
        "uk": "Шукаєш роботу? Тоді одразу зареєструйся як шукач роботи в UWV (werk.nl). Так ти можеш залишитися працівником.",
        "ar": "تبحث عن عمل؟ إذن سجّل نفسك فورًا كباحث عن عمل لدى UWV (werk.nl). بهذا يمكنك أن تبقى عاملًا.",
    },
    # ---- proof to bring
    "bring-id": {
        "nl": "Je paspoort of ID-kaart",
        "en": "Your passport or ID card",
        "pl": "Paszport albo dowód osobisty",
        "ro": "Pașaportul sau cartea de identitate",
        "bg": "Паспорта или личната си карта",
        "uk": "Паспорт або ID-картку",
        "ar": "جواز سفرك أو بطاقة هويتك",
    },
    "bring-work": {
        "nl": "Bewijs van je werk: je contract en loonstroken",
        "en": "Proof of your work: your contract and payslips",
        "pl": "Dowód pracy: umowę i paski wypłat",
        "ro": "Dovada muncii: contractul și fluturașii de salariu",
        "bg": "Доказателство за работата: договора и фишовете за заплата",
        "uk": "Підтвердження роботи: договір і розрахункові листки",
        "ar": "ما يثبت عملك: عقدك وقسائم الراتب",
    },
    "bring-end": {
        "nl": "Je ontslagbrief, of bewijs dat je contract stopte",
        "en": "Your dismissal letter, or proof that your contract ended",
        "pl": "Wypowiedzenie albo dowód, że umowa się skończyła",
        "ro": "Scrisoarea de concediere sau dovada că ți s-a încheiat contractul",
        "bg": "Писмото за уволнение или доказателство, че договорът ти е приключил",
        "uk": "Лист про звільнення або підтвердження, що договір закінчився",
        "ar": "رسالة فصلك، أو ما يثبت انتهاء عقدك",
    },
    "bring-uwv": {
        "nl": "Bewijs van je inschrijving als werkzoekende bij UWV",
        "en": "Proof of your registration as a job-seeker with UWV",
        "pl": "Potwierdzenie rejestracji jako szukający/a pracy w UWV",
        "ro": "Dovada înscrierii ca persoană care caută de lucru la UWV",
        "bg": "Доказателство за регистрацията ти като търсещ работа в UWV",
        "uk": "Підтвердження реєстрації як шукача роботи в UWV",
        "ar": "ما يثبت تسجيلك كباحث عن عمل لدى UWV",
    },
    "bring-seeking": {
        "nl": "Bewijs dat je werk zoekt, zoals je sollicitaties",
        "en": "Proof that you are looking for work, such as your job applications",
        "pl": "Dowód, że szukasz pracy, na przykład twoje zgłoszenia do pracy",
        "ro": "Dovada că îți cauți de lucru, de exemplu cererile tale de angajare",
        "bg": "Доказателство, че търсиш работа, например кандидатурите ти",
        "uk": "Підтвердження, що ти шукаєш роботу, наприклад твої відгуки на вакансії",
        "ar": "ما يثبت أنك تبحث عن عمل، مثل طلبات التوظيف التي قدّمتها",
    },
    "bring-money": {
        "nl": "Bewijs van je eigen geld en je ziektekostenverzekering",
        "en": "Proof of your own money and your health insurance",
        "pl": "Dowód własnych pieniędzy i ubezpieczenia zdrowotnego",
        "ro": "Dovada banilor proprii și a asigurării de sănătate",
        "bg": "Доказателство за собствените ти пари и здравната ти застраховка",
        "uk": "Підтвердження власних грошей і медичного страхування",
        "ar": "ما يثبت مالك الخاص وتأمينك الصحي",
    },
    "bring-stay": {
        "nl": "Bewijs van hoe lang je hier bent, zoals je inschrijving bij de gemeente of een huurcontract",
        "en": "Proof of how long you have been here, such as your municipal registration or a rental contract",
        "pl": "Dowód, jak długo tu jesteś, na przykład meldunek w gminie albo umowę najmu",
        "ro": "Dovada de cât timp ești aici, de exemplu înregistrarea la primărie sau un contract de închiriere",
        "bg": "Доказателство колко време си тук, например регистрация в общината или договор за наем",
        "uk": "Підтвердження, як довго ти тут, наприклад реєстрацію в муніципалітеті або договір оренди",
        "ar": "ما يثبت مدة وجودك هنا، مثل تسجيلك في البلدية أو عقد إيجار",
    },
    "bring-five-years": {
        "nl": "Bewijs van 5 jaar in Nederland: je inschrijvingen bij de gemeente, huurcontracten, en loonstroken of jaaropgaven als je werkte",
        "en": "Proof of 5 years in the Netherlands: your municipal registrations, rental contracts, and payslips or annual statements (jaaropgaven) if you worked",
        "pl": "Dowód 5 lat w Holandii: meldunki w gminie, umowy najmu oraz paski wypłat albo roczne zestawienia (jaaropgaven), jeśli pracowałeś/aś",
        "ro": "Dovada celor 5 ani în Olanda: înregistrările la primărie, contractele de închiriere și fluturașii de salariu sau adeverințele anuale (jaaropgaven), dacă ai lucrat",
        "bg": "Доказателство за 5 години в Холандия: регистрациите в общината, договорите за наем и фишовете за заплата или годишните справки (jaaropgaven), ако си работил(а)",
        "uk": "Підтвердження 5 років у Нідерландах: реєстрації в муніципалітеті, договори оренди, а також розрахункові листки або річні довідки (jaaropgaven), якщо ти працював(ла)",
        "ar": "ما يثبت 5 سنوات في هولندا: تسجيلاتك في البلدية، وعقود الإيجار، وقسائم الراتب أو الكشوف السنوية (jaaropgaven) إن كنت تعمل",
    },
    # ---- the sentence to say: each part is said only when the answers make it true
    "say-eu": {
        "nl": "Ik ben EU-burger.",
        "en": "I am an EU citizen.",
        "pl": "Jestem obywatelem/obywatelką UE.",
        "ro": "Sunt cetățean(ă) al UE.",
        "bg": "Аз съм гражданин/гражданка на ЕС.",
        "uk": "Я громадянин/громадянка ЄС.",
        "ar": "أنا مواطن من الاتحاد الأوروبي.",
    },
    "say-short-stay": {
        "nl": "Ik ben korter dan 3 maanden in Nederland.",
        "en": "I have been in the Netherlands for less than 3 months.",
        "pl": "Jestem w Holandii krócej niż 3 miesiące.",
        "ro": "Sunt în Olanda de mai puțin de 3 luni.",
        "bg": "В Холандия съм от по-малко от 3 месеца.",
        "uk": "Я в Нідерландах менше 3 місяців.",
        "ar": "أنا في هولندا منذ أقل من 3 أشهر.",
    },
    "say-five-years": {
        "nl": "Ik ben al 5 jaar of langer in Nederland.",
        "en": "I have been in the Netherlands for 5 years or longer.",
        "pl": "Jestem w Holandii od 5 lat lub dłużej.",
        "ro": "Sunt în Olanda de 5 ani sau mai mult.",
        "bg": "В Холандия съм от 5 години или повече.",
        "uk": "Я в Нідерландах 5 років або довше.",
        "ar": "أنا في هولندا منذ 5 سنوات أو أكثر.",
    },
    "say-work": {
        "nl": "Ik werk in Nederland.",
        "en": "I work in the Netherlands.",
        "pl": "Pracuję w Holandii.",
        "ro": "Lucrez în Olanda.",
        "bg": "Работя в Холандия.",
        "uk": "Я працюю в Нідерландах.",
        "ar": "أعمل في هولندا.",
    },
    "say-worked-year": {
        "nl": "Ik heb hier 1 jaar of langer gewerkt.",
        "en": "I have worked here for 1 year or longer.",
        "pl": "Pracowałem/am tu 1 rok lub dłużej.",
        "ro": "Am lucrat aici 1 an sau mai mult.",
        "bg": "Работил(а) съм тук 1 година или повече.",
        "uk": "Я працював(ла) тут 1 рік або довше.",
        "ar": "عملت هنا سنة أو أكثر.",
    },
    "say-worked-less": {
        "nl": "Ik heb hier korter dan 1 jaar gewerkt.",
        "en": "I have worked here for less than 1 year.",
        "pl": "Pracowałem/am tu krócej niż 1 rok.",
        "ro": "Am lucrat aici mai puțin de 1 an.",
        "bg": "Работил(а) съм тук по-малко от 1 година.",
        "uk": "Я працював(ла) тут менше 1 року.",
        "ar": "عملت هنا أقل من سنة.",
    },
    "say-involuntary": {
        "nl": "Mijn werk stopte buiten mijn wil.",
        "en": "My job ended against my will.",
        "pl": "Moja praca skończyła się wbrew mojej woli.",
        "ro": "Munca mea s-a încheiat fără voia mea.",
        "bg": "Работата ми спря против волята ми.",
        "uk": "Моя робота закінчилася не з моєї волі.",
        "ar": "انتهى عملي رغمًا عني.",
    },
    "say-uwv": {
        "nl": "Ik sta ingeschreven als werkzoekende bij UWV.",
        "en": "I am registered as a job-seeker with UWV.",
        "pl": "Jestem zarejestrowany/a jako szukający/a pracy w UWV.",
        "ro": "Sunt înscris(ă) ca persoană care caută de lucru la UWV.",
        "bg": "Регистриран(а) съм като търсещ работа в UWV.",
        "uk": "Я зареєстрований(а) як шукач роботи в UWV.",
        "ar": "أنا مسجَّل كباحث عن عمل لدى UWV.",
    },
    "say-seeking": {
        "nl": "Ik zoek werk.",
        "en": "I am looking for work.",
        "pl": "Szukam pracy.",
        "ro": "Îmi caut de lucru.",
        "bg": "Търся работа.",
        "uk": "Я шукаю роботу.",
        "ar": "أبحث عن عمل.",
    },
    "say-ask": {
        "nl": "Wilt u met de checklist gelijke behandeling kijken of ik recht heb op hulp en opvang?",
        "en": "Can you use the equal treatment checklist to see if I have a right to help and shelter?",
        "pl": "Czy może Pan/Pani sprawdzić według listy kontrolnej równego traktowania (checklist gelijke behandeling), czy mam prawo do pomocy i schronienia?",
        "ro": "Puteți verifica, cu lista pentru tratament egal (checklist gelijke behandeling), dacă am drept la ajutor și adăpost?",
        "bg": "Може ли да проверите с контролния списък за равно третиране (checklist gelijke behandeling) дали имам право на помощ и приют?",
        "uk": "Чи можете ви перевірити за чек-листом рівного ставлення (checklist gelijke behandeling), чи маю я право на допомогу і притулок?",
        "ar": "هل يمكنكم التحقق بواسطة قائمة المساواة في المعاملة (checklist gelijke behandeling) مما إذا كان لي حق في المساعدة والمأوى؟",
    },
}
