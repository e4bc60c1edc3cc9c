"""What the SMS channel itself says, per language, and the keywords people can send.

Short on purpose: every character costs money, and a Polish, Romanian, Bulgarian,
Ukrainian or Arabic SMS holds only 70 characters. The questions, options and plan
texts come from the knowledge files; only the channel's own words live here.
Missing keys fall back to English, then Dutch.
"""

from __future__ import annotations

from .. import languages

LANGS = languages.CODES

# Gateways keep these words for opting out (or in); we never use them as commands, so a
# person who sends one gets the gateway's own handling and nothing from us changes.
RESERVED = frozenset(
    {"stop", "stopp", "stopall", "unsubscribe", "cancel", "end", "quit", "revoke", "optout", "opt-out"}
)

# Folded (lower case, accents removed) command words. Cyrillic and Arabic stay as they are.
KEYWORDS = {
    "menu": "menu",
    "start": "menu",
    "opnieuw": "menu",
    "restart": "menu",
    "nowy": "menu",
    "meniu": "menu",
    "меню": "menu",
    "قائمة": "menu",
    "taal": "lang",
    "language": "lang",
    "jezyk": "lang",
    "limba": "lang",
    "език": "lang",
    "мова": "lang",
    "لغة": "lang",
    "help": "help",
    "hulp": "help",
    "pomoc": "help",
    "ajutor": "help",
    "помощ": "help",
    "допомога": "help",
    "مساعدة": "help",
    "terug": "back",
    "back": "back",
    "wstecz": "back",
    "inapoi": "back",
    "назад": "back",
    "رجوع": "back",
}

# What may follow a language keyword: a code or one of the language's names (registry).
LANGUAGE_WORDS = {
    **{code: code for code in LANGS},
    **{word: lang.code for lang in languages.REGISTRY for word in lang.sms_names},
}

# Latin names for Latin-script replies (they stay GSM-7), native names for the others.
_LATIN_LIST = ", ".join(f"{lang.code.upper()} {lang.latin_name}" for lang in languages.REGISTRY)
_NATIVE_LIST = ", ".join(f"{lang.code.upper()} {lang.name}" for lang in languages.REGISTRY)


def _others(code: str) -> str:
    """The codes of every other language, for the welcome's "other language?" line."""
    return ", ".join(c.upper() for c in LANGS if c != code)


TEXTS: dict[str, dict[str, str]] = {
    "nl": {
        "welcome": f"Loketwijzer zoekt met je naar hulp.\nOther language? TAAL {_others('nl')}",
        "restarted": "Dit is een nieuw gesprek: na 24 uur stilte wissen we alles.",
        "restart": "We beginnen opnieuw.",
        "lang_list": f"Stuur TAAL en een code: {_LATIN_LIST}",
        "help": "Stuur het nummer van je antwoord. Of stel een vraag in je eigen woorden.\n"
        "TERUG = vorige vraag\nMENU = opnieuw\nTAAL = andere taal\n0 = vraag overslaan",
        "answer_n": "Stuur {n} cijfers, bv. {example}",
        "out_of_range": "Kies een nummer van 1 tot {n}.",
        "not_understood": "Dat begrijp ik niet. Stuur het nummer van je antwoord, of stel een vraag in woorden. "
        "HULP = uitleg",
        "empty": "Ik kan alleen tekst lezen. Stuur het nummer van je antwoord, of een vraag in woorden.",
        "search_more": "Verder met de vragen? Stuur het nummer van je antwoord.",
        "search_more_done": "MENU = opnieuw beginnen",
        "search_none": "Daarover vond ik niets. Probeer andere woorden.",
        "place_prompt": "Typ de naam van de plaats.",
        "place_unknown": "Die plaats ken ik niet. Stuur een nummer, of typ de naam opnieuw:",
        "place_unknown_nolist": "Die plaats ken ik niet. Typ de naam opnieuw, of stuur 0 als je het niet weet.",
        "place_which": "Die naam past bij meer plaatsen. Welke bedoel je? Stuur het nummer:",
        "place_route": (
            "We hebben geen gegevens van {place}. "
            "Briefadres, inschrijving en inkomen: vraag het bij de gemeente {place}. "
            "Opvang: elke centrumgemeente moet je eerst helpen."
        ),
        "place_route_centre": "Centrumgemeente van je regio: {place}.",
        "plan_header": "Je plan voor {place}:",
        "plan_header_nowhere": "Je plan:",
        "no_municipality": (
            "We weten je gemeente niet. Bel de gemeente waar je bent. "
            "Het nummer staat op de website van de gemeente."
        ),
        "call_first": "Bel eerst",
        "open_until": "Nu open tot {time}",
        "opens": "Open {when}",
        "always": "Altijd open",
        "hours_unknown": "Tijden onbekend",
        "phone": "Tel {phone}",
        "see_step": "zie stap {n}",
        "link": "Hele plan: {url}",
        "step_ask": "Stuur een stapnummer voor uitleg.",
        "bring": "Neem mee: {items}",
        "no_step": "Stap {n} bestaat niet. Stuur 1 tot {last}.",
        "done": "Je plan is klaar: {url}\nMENU = opnieuw beginnen",
        "rate": "Je stuurt veel berichten. Wacht 10 minuten, dan help ik je weer.",
        "busy": "Het is even heel druk. Stuur je bericht over een minuut nog eens.",
        # The town in the same SMS as an answer that leads to "which town?" ("2 Utrecht").
        "place_too": "{nums}? Zet je plaats erbij: {n} Utrecht",
        "or": "of",
        # A sentence read (understand.py), to confirm: "1" or yes accepts, "2" or no asks.
        "understood": "Ik begreep: {items}. Klopt dit? 1 Ja, 2 Nee",
        "understood_no": "Goed, dan vraag ik het.",
        "error": "Er ging iets mis. Stuur je bericht nog eens, of bel je gemeente. Het nummer staat op haar website.",
    },
    "en": {
        "welcome": f"Loketwijzer helps you find help.\nOther language? LANGUAGE {_others('en')}",
        "restarted": "This is a new chat: after 24 hours without messages we delete everything.",
        "restart": "We start again.",
        "lang_list": f"Send LANGUAGE and a code: {_LATIN_LIST}",
        "help": "Send the number of your answer. Or ask a question in your own words.\n"
        "BACK = previous question\nMENU = start again\nLANGUAGE = other language\n0 = skip question",
        "answer_n": "Send {n} numbers, e.g. {example}",
        "out_of_range": "Choose a number from 1 to {n}.",
        "not_understood": "I do not understand. Send the number of your answer, or ask a question in words. "
        "HELP = how it works",
        "empty": "I can only read text. Send the number of your answer, or a question in words.",
        "search_more": "Back to the questions? Send the number of your answer.",
        "search_more_done": "MENU = start again",
        "search_none": "I found nothing about that. Try other words.",
        "place_prompt": "Type the name of the town.",
        "place_unknown": "I do not know that place. Send a number, or type the name again:",
        "place_unknown_nolist": "I do not know that place. Type the name again, or send 0 if you do not know.",
        "place_which": "That name fits more than one place. Which one? Send the number:",
        "place_route": (
            "We have no details for {place}. "
            "Briefadres, registration and income: ask the municipality of {place}. "
            "Shelter: any centrumgemeente must help you first."
        ),
        "place_route_centre": "Centrumgemeente of your region: {place}.",
        "plan_header": "Your plan for {place}:",
        "plan_header_nowhere": "Your plan:",
        "no_municipality": (
            "We do not know your municipality. Call the municipality where you are. "
            "Its number is on its website."
        ),
        "call_first": "Call first",
        "open_until": "Open now until {time}",
        "opens": "Opens {when}",
        "always": "Always open",
        "hours_unknown": "Hours unknown",
        "phone": "Tel {phone}",
        "see_step": "see step {n}",
        "link": "Full plan: {url}",
        "step_ask": "Send a step number for details.",
        "bring": "Bring: {items}",
        "no_step": "There is no step {n}. Send 1 to {last}.",
        "done": "Your plan is ready: {url}\nMENU = start again",
        "rate": "You are sending many messages. Wait 10 minutes, then I will help you again.",
        "busy": "It is very busy right now. Please send your message again in a minute.",
        "place_too": "{nums}? Add your town: {n} Utrecht",
        "or": "or",
        "understood": "I understood: {items}. Is this right? 1 Yes, 2 No",
        "understood_no": "OK, I will ask.",
        "error": (
            "Something went wrong. Please send your message again, or call your municipality. "
            "Its number is on its website."
        ),
    },
    "pl": {
        "welcome": f"Loketwijzer pomoże ci znaleźć pomoc.\nInny język? JĘZYK {_others('pl')}",
        "restarted": "To nowa rozmowa: po 24 godzinach ciszy wszystko usuwamy.",
        "restart": "Zaczynamy od nowa.",
        "lang_list": f"Wyślij JĘZYK i kod: {_LATIN_LIST}",
        "help": "Wyślij numer odpowiedzi. Albo zadaj pytanie własnymi słowami.\n"
        "WSTECZ = poprzednie pytanie\nMENU = od nowa\nJĘZYK = inny język\n0 = pomiń pytanie",
        "answer_n": "Wyślij {n} cyfry, np. {example}",
        "out_of_range": "Wybierz numer od 1 do {n}.",
        "not_understood": "Nie rozumiem. Wyślij numer odpowiedzi albo zadaj pytanie słowami. POMOC = jak to działa",
        "empty": "Umiem czytać tylko tekst. Wyślij numer odpowiedzi albo pytanie słowami.",
        "search_more": "Wracamy do pytań? Wyślij numer odpowiedzi.",
        "search_more_done": "MENU = od nowa",
        "search_none": "Nic o tym nie znalazłem. Spróbuj innych słów.",
        "place_prompt": "Wpisz nazwę miejscowości.",
        "place_unknown": "Nie znam tego miejsca. Wyślij numer albo wpisz nazwę jeszcze raz:",
        "place_unknown_nolist": "Nie znam tego miejsca. Wpisz nazwę jeszcze raz albo wyślij 0, jeśli nie wiesz.",
        "place_which": "Ta nazwa pasuje do kilku miejsc. Które? Wyślij numer:",
        "place_route": (
            "Nie mamy danych dla {place}. "
            "Briefadres, meldunek i dochód: zapytaj w gminie {place}. "
            "Schronisko: każda centrumgemeente musi najpierw pomóc."
        ),
        "place_route_centre": "Centrumgemeente twojego regionu: {place}.",
        "plan_header": "Twój plan: {place}",
        "plan_header_nowhere": "Twój plan:",
        "no_municipality": (
            "Nie znamy twojej gminy. Zadzwoń do gminy, w której jesteś. "
            "Numer jest na stronie internetowej gminy."
        ),
        "call_first": "Najpierw zadzwoń",
        "open_until": "Otwarte do {time}",
        "opens": "Otwarte od {when}",
        "always": "Zawsze otwarte",
        "hours_unknown": "Godziny nieznane",
        "phone": "Tel. {phone}",
        "see_step": "zob. krok {n}",
        "link": "Cały plan: {url}",
        "step_ask": "Wyślij numer kroku, aby poznać szczegóły.",
        "bring": "Weź ze sobą: {items}",
        "no_step": "Nie ma kroku {n}. Wyślij 1 do {last}.",
        "done": "Twój plan jest gotowy: {url}\nMENU = od nowa",
        "rate": "Wysyłasz dużo wiadomości. Poczekaj 10 minut, potem znów pomogę.",
        "busy": "Teraz jest bardzo dużo wiadomości. Wyślij swoją jeszcze raz za minutę.",
        "place_too": "{nums}? Dopisz miasto: {n} Utrecht",
        "or": "lub",
        "understood": "Zrozumialem: {items}. Czy to prawda? 1 Tak, 2 Nie",
        "understood_no": "Dobrze, zapytam.",
        "error": (
            "Coś poszło nie tak. Wyślij wiadomość jeszcze raz albo zadzwoń do swojej gminy. "
            "Numer jest na jej stronie internetowej."
        ),
    },
    "ro": {
        "welcome": f"Loketwijzer te ajută să găsești ajutor.\nAltă limbă? LIMBA {_others('ro')}",
        "restarted": "Aceasta e o conversație nouă: după 24 de ore fără mesaje ștergem tot.",
        "restart": "Începem din nou.",
        "lang_list": f"Trimite LIMBA și un cod: {_LATIN_LIST}",
        "help": "Trimite numărul răspunsului. Sau pune o întrebare cu cuvintele tale.\n"
        "ÎNAPOI = întrebarea anterioară\nMENIU = de la început\nLIMBA = altă limbă\n0 = sari peste întrebare",
        "answer_n": "Trimite {n} cifre, de ex. {example}",
        "out_of_range": "Alege un număr de la 1 la {n}.",
        "not_understood": "Nu înțeleg. Trimite numărul răspunsului sau scrie întrebarea în cuvinte. "
        "AJUTOR = cum funcționează",
        "empty": "Pot citi doar text. Trimite numărul răspunsului sau o întrebare în cuvinte.",
        "search_more": "Continui cu întrebările? Trimite numărul răspunsului.",
        "search_more_done": "MENIU = de la început",
        "search_none": "Nu am găsit nimic despre asta. Încearcă alte cuvinte.",
        "place_prompt": "Scrie numele localității.",
        "place_unknown": "Nu cunosc acest loc. Trimite un număr sau scrie numele din nou:",
        "place_unknown_nolist": "Nu cunosc acest loc. Scrie numele din nou sau trimite 0 dacă nu știi.",
        "place_which": "Numele se potrivește cu mai multe locuri. Care? Trimite numărul:",
        "place_route": (
            "Nu avem date pentru {place}. "
            "Briefadres, înregistrare și venit: întreabă la primăria {place}. "
            "Adăpost: orice centrumgemeente trebuie să te ajute întâi."
        ),
        "place_route_centre": "Centrumgemeente pentru regiunea ta: {place}.",
        "plan_header": "Planul tău pentru {place}:",
        "plan_header_nowhere": "Planul tău:",
        "no_municipality": "Nu știm unde ești. Sună la primăria locului unde ești. Numărul este pe site-ul primăriei.",
        "call_first": "Sună mai întâi",
        "open_until": "Deschis acum până la {time}",
        "opens": "Se deschide {when}",
        "always": "Mereu deschis",
        "hours_unknown": "Program necunoscut",
        "phone": "Tel. {phone}",
        "see_step": "vezi pasul {n}",
        "link": "Planul complet: {url}",
        "step_ask": "Trimite numărul pasului pentru detalii.",
        "bring": "Ia cu tine: {items}",
        "no_step": "Nu există pasul {n}. Trimite 1 până la {last}.",
        "done": "Planul tău e gata: {url}\nMENIU = de la început",
        "rate": "Trimiți multe mesaje. Așteaptă 10 minute, apoi te ajut din nou.",
        "busy": "Acum sunt foarte multe mesaje. Trimite mesajul din nou peste un minut.",
        "place_too": "{nums}? Adauga orasul: {n} Utrecht",
        "or": "sau",
        "understood": "Am inteles: {items}. Este corect? 1 Da, 2 Nu",
        "understood_no": "Bine, te intreb.",
        "error": "Ceva nu a mers. Trimite mesajul din nou sau sună la primăria ta. Numărul este pe site-ul ei.",
    },
    "bg": {
        "welcome": f"Loketwijzer: заедно ще намерим къде да получиш помощ.\nДруг език? ЕЗИК {_others('bg')}",
        "restarted": "Това е нов разговор: след 24 часа без съобщения изтриваме всичко.",
        "restart": "Започваме отначало.",
        "lang_list": f"Изпрати ЕЗИК и код: {_NATIVE_LIST}",
        "help": "Изпрати номера на отговора си. Или задай въпрос със свои думи.\n"
        "НАЗАД = предишен въпрос\nМЕНЮ = отначало\nЕЗИК = друг език\n0 = пропусни въпроса",
        "answer_n": "Изпрати {n} цифри, напр. {example}",
        "out_of_range": "Избери номер от 1 до {n}.",
        "not_understood": "Не разбирам. Изпрати номера на отговора си или задай въпрос с думи. ПОМОЩ = как работи",
        "empty": "Мога да чета само текст. Изпрати номера на отговора си или въпрос с думи.",
        "search_more": "Продължаваш с въпросите? Изпрати номера на отговора си.",
        "search_more_done": "МЕНЮ = отначало",
        "search_none": "Не намерих нищо за това. Опитай с други думи.",
        "place_prompt": "Напиши името на мястото.",
        "place_unknown": "Не познавам това място. Изпрати номер или напиши името отново:",
        "place_unknown_nolist": "Не познавам това място. Напиши името отново или изпрати 0, ако не знаеш.",
        "place_which": "Името пасва на няколко места. Кое? Изпрати номера:",
        "place_route": (
            "Нямаме данни за {place}. "
            "Briefadres, регистрация и доход: питай общината {place}. "
            "Подслон: всяка centrumgemeente трябва първо да помогне."
        ),
        "place_route_centre": "Centrumgemeente на твоя регион: {place}.",
        "plan_header": "Твоят план за {place}:",
        "plan_header_nowhere": "Твоят план:",
        "no_municipality": "Не знаем общината ти. Обади се на общината, където си. Номерът е на сайта на общината.",
        "call_first": "Първо се обади",
        "open_until": "Отворено до {time}",
        "opens": "Отваря {when}",
        "always": "Винаги отворено",
        "hours_unknown": "Работното време не е известно",
        "phone": "Тел. {phone}",
        "see_step": "виж стъпка {n}",
        "link": "Целият план: {url}",
        "step_ask": "Изпрати номер на стъпка за подробности.",
        "bring": "Вземи: {items}",
        "no_step": "Няма стъпка {n}. Изпрати от 1 до {last}.",
        "done": "Планът ти е готов: {url}\nМЕНЮ = отначало",
        "rate": "Изпращаш много съобщения. Изчакай 10 минути, после пак ще ти помогна.",
        "busy": "Сега има много съобщения. Изпрати своето отново след минута.",
        "place_too": "{nums}? Добави града: {n} Utrecht",
        "or": "или",
        "understood": "Разбрах: {items}. Вярно ли е? 1 Да, 2 Не",
        "understood_no": "Добре, ще попитам.",
        "error": "Нещо се обърка. Изпрати съобщението отново или се обади на общината си. Номерът е на сайта ѝ.",
    },
    "uk": {
        "welcome": f"Loketwijzer: разом знайдемо, де тобі допоможуть.\nІнша мова? МОВА {_others('uk')}",
        "restarted": "Це нова розмова: після 24 годин тиші ми все видаляємо.",
        "restart": "Починаємо знову.",
        "lang_list": f"Надішли МОВА і код: {_NATIVE_LIST}",
        "help": "Надішли номер своєї відповіді. Або постав питання своїми словами.\n"
        "НАЗАД = попереднє питання\nМЕНЮ = спочатку\nМОВА = інша мова\n0 = пропустити питання",
        "answer_n": "Надішли {n} цифри, напр. {example}",
        "out_of_range": "Вибери номер від 1 до {n}.",
        "not_understood": "Я не розумію. Надішли номер відповіді або постав питання словами. ДОПОМОГА = як це працює",
        "empty": "Я можу читати тільки текст. Надішли номер відповіді або питання словами.",
        "search_more": "Продовжимо з питаннями? Надішли номер відповіді.",
        "search_more_done": "МЕНЮ = спочатку",
        "search_none": "Я нічого про це не знайшов. Спробуй інші слова.",
        "place_prompt": "Напиши назву міста чи села.",
        "place_unknown": "Я не знаю цього місця. Надішли номер або напиши назву ще раз:",
        "place_unknown_nolist": "Я не знаю цього місця. Напиши назву ще раз або надішли 0, якщо не знаєш.",
        "place_which": "Ця назва підходить до кількох місць. Яке? Надішли номер:",
        "place_route": (
            "У нас немає даних для {place}. "
            "Briefadres, реєстрація і дохід: запитай у муніципалітеті {place}. "
            "Притулок: будь-яка centrumgemeente має спершу допомогти."
        ),
        "place_route_centre": "Centrumgemeente твого регіону: {place}.",
        "plan_header": "Твій план: {place}",
        "plan_header_nowhere": "Твій план:",
        "no_municipality": (
            "Ми не знаємо твій муніципалітет. Зателефонуй до муніципалітету, де ти є. "
            "Номер є на його сайті."
        ),
        "call_first": "Спершу зателефонуй",
        "open_until": "Відкрито до {time}",
        "opens": "Відкриється {when}",
        "always": "Завжди відкрито",
        "hours_unknown": "Години роботи невідомі",
        "phone": "Тел. {phone}",
        "see_step": "див. крок {n}",
        "link": "Увесь план: {url}",
        "step_ask": "Надішли номер кроку, щоб дізнатися більше.",
        "bring": "Візьми з собою: {items}",
        "no_step": "Немає кроку {n}. Надішли від 1 до {last}.",
        "done": "Твій план готовий: {url}\nМЕНЮ = спочатку",
        "rate": "Ти надсилаєш багато повідомлень. Зачекай 10 хвилин, потім я знову допоможу.",
        "busy": "Зараз дуже багато повідомлень. Надішли своє ще раз за хвилину.",
        "place_too": "{nums}? Додай місто: {n} Utrecht",
        "or": "або",
        "understood": "Я зрозумів: {items}. Це так? 1 Так, 2 Ні",
        "understood_no": "Добре, я запитаю.",
        "error": (
            "Щось пішло не так. Надішли повідомлення ще раз або зателефонуй до свого муніципалітету. "
            "Номер є на його сайті."
        ),
    },
    "ar": {
        "welcome": f"Loketwijzer: معًا نجد أين تحصل على المساعدة.\nلغة أخرى؟ لغة {_others('ar')}",
        "restarted": "هذه محادثة جديدة: بعد 24 ساعة بدون رسائل نحذف كل شيء.",
        "restart": "نبدأ من جديد.",
        "lang_list": f"أرسل لغة ثم الرمز: {_NATIVE_LIST}",
        "help": "أرسل رقم جوابك. أو اكتب سؤالك بكلماتك.\n"
        "رجوع = السؤال السابق\nقائمة = من البداية\nلغة = لغة أخرى\n0 = تخطي السؤال",
        "answer_n": "أرسل الأرقام ({n})، مثلًا {example}",
        "out_of_range": "اختر رقمًا من 1 إلى {n}.",
        "not_understood": "لم أفهم. أرسل رقم جوابك، أو اكتب سؤالك بالكلمات. مساعدة = كيف يعمل هذا",
        "empty": "أستطيع قراءة النص فقط. أرسل رقم جوابك، أو سؤالًا بالكلمات.",
        "search_more": "نكمل الأسئلة؟ أرسل رقم جوابك.",
        "search_more_done": "قائمة = من البداية",
        "search_none": "لم أجد شيئًا عن هذا. جرّب كلمات أخرى.",
        "place_prompt": "اكتب اسم المدينة أو البلدة.",
        "place_unknown": "لا أعرف هذا المكان. أرسل رقمًا، أو اكتب الاسم مرة أخرى:",
        "place_unknown_nolist": "لا أعرف هذا المكان. اكتب الاسم مرة أخرى، أو أرسل 0 إذا كنت لا تعرف.",
        "place_which": "هذا الاسم يناسب أكثر من مكان. أيها؟ أرسل الرقم:",
        "place_route": (
            "ليس لدينا معلومات عن {place}. "
            "العنوان البريدي (briefadres) والتسجيل والدخل: اسأل بلدية {place}. "
            "المأوى: أي centrumgemeente يجب أن تساعدك أولا."
        ),
        "place_route_centre": "centrumgemeente منطقتك: {place}.",
        "plan_header": "خطتك في {place}:",
        "plan_header_nowhere": "خطتك:",
        "no_municipality": "لا نعرف بلديتك. اتصل بالبلدية التي أنت فيها. رقمها على موقعها الإلكتروني.",
        "call_first": "اتصل أولًا",
        "open_until": "مفتوح الآن حتى {time}",
        "opens": "يفتح {when}",
        "always": "مفتوح دائمًا",
        "hours_unknown": "المواعيد غير معروفة",
        "phone": "هاتف {phone}",
        "see_step": "انظر الخطوة {n}",
        "link": "الخطة كاملة: {url}",
        "step_ask": "أرسل رقم الخطوة لمعرفة التفاصيل.",
        "bring": "خذ معك: {items}",
        "no_step": "لا توجد خطوة {n}. أرسل من 1 إلى {last}.",
        "done": "خطتك جاهزة: {url}\nقائمة = من البداية",
        "rate": "أنت ترسل رسائل كثيرة. انتظر 10 دقائق، ثم سأساعدك مرة أخرى.",
        "busy": "هناك رسائل كثيرة الآن. أرسل رسالتك مرة أخرى بعد دقيقة.",
        "place_too": "{nums}؟ أضف مدينتك: {n} Utrecht",
        "or": "أو",
        "understood": "فهمت: {items}. هل هذا صحيح؟ 1 نعم، 2 لا",
        "understood_no": "حسنا، سأسأل.",
        "error": "حدث خطأ. أرسل رسالتك مرة أخرى، أو اتصل ببلديتك. رقمها على موقعها الإلكتروني.",
    },
}


# A sentence read and shown to confirm (understand.py): "1" or yes accepts, "2" or no asks.
def text(key: str, lang: str, **values) -> str:
    for code in (lang, "en", "nl"):
        found = TEXTS.get(code, {}).get(key)
        if found is not None:
            return found.format(**values) if values else found
    raise KeyError(key)
