"""The demo local: an invented school district's ESP local, the same every time for a seed.

`build_demo()` is pure data: it draws everything from `random.Random(seed)` and touches no
database, so benchmarks can call it for any size (`build_demo(persons=100_000, slug="big")`) and
tests can compare two builds. `seed_demo()` writes what it returns through the actions, one bulk
action per kind of row. Every name, address, email and phone number is invented: names are
combinations of common first and last names, emails use example.org/.net/.com, phones the
555-01xx range set aside for fiction.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

DEMO_SLUG = "demo"
DEMO_SEED = 3800
DEMO_PERSONS = 3800
DEMO_WORKSITES = 150
# Printed by `manage.py demo_logins`; set only where settings.DEMO_LOGINS is on.
DEMO_PASSWORD = "unionhall-demo"
# The date the data is "as of" unless the caller passes today.
DEMO_AS_OF = dt.date(2025, 9, 2)
DEMO_EMAIL_DOMAIN = "demo.unionhall.invalid"  # the default of settings.DEMO_EMAIL_DOMAIN

# The persona accounts, in the order demo_logins lists them.
PERSONAS = ("member", "rep", "steward", "officer", "admin", "committee", "chair", "team",
            "coordinator", "state", "course", "facilitator")

# ---------------------------------------------------------------------------------------------
# Shapes of the district

SCHOOL_KINDS = ("elementary", "middle", "high", "k8", "alternative", "early")
# Worksites per 150 in the reference district.
SCHOOL_MIX = {"elementary": 90, "middle": 25, "high": 18, "k8": 3, "alternative": 3, "early": 3}
SUPPORT_MIX = {"transportation": 3, "nutrition": 2, "facilities": 2, "district_office": 1}
# Relative headcount of school staff by kind of school (each school also varies on its own).
SCHOOL_SIZE = {"elementary": 1.0, "middle": 1.7, "high": 2.8, "k8": 1.3, "alternative": 0.5,
               "early": 0.6}

FAMILY_SHARES = {
    "paraeducators": 0.35, "custodial": 0.14, "food": 0.13, "transportation": 0.12,
    "clerical": 0.10, "health": 0.06, "technical": 0.04, "security": 0.03, "trades": 0.03,
}
# Membership density differs by family (drivers and trades organize well, technical less so).
FAMILY_DENSITY = {
    "paraeducators": -0.02, "custodial": 0.05, "food": -0.06, "transportation": 0.10,
    "clerical": 0.03, "health": 0.0, "technical": -0.10, "security": -0.03, "trades": 0.08,
}
# Share who prefer Spanish, by family (about 20% overall).
FAMILY_SPANISH = {
    "paraeducators": 0.20, "custodial": 0.30, "food": 0.32, "transportation": 0.15,
    "clerical": 0.10, "health": 0.15, "technical": 0.06, "security": 0.15, "trades": 0.12,
}
# Share of women, which only steers the choice of first names.
FAMILY_WOMEN = {
    "paraeducators": 0.85, "custodial": 0.45, "food": 0.90, "transportation": 0.50,
    "clerical": 0.95, "health": 0.92, "technical": 0.35, "security": 0.35, "trades": 0.06,
}
FTE_MIX = {
    "paraeducators": {"1": 70, "0.875": 15, "0.75": 10, "0.5": 5},
    "food": {"1": 40, "0.875": 10, "0.75": 25, "0.5": 25},
    "transportation": {"1": 55, "0.875": 20, "0.75": 15, "0.5": 10},
    "other": {"1": 92, "0.75": 4, "0.5": 4},
}

_ALL_SCHOOLS = {"elementary": 1, "middle": 1, "high": 1, "k8": 1, "alternative": 1, "early": 1}
_K12 = {"elementary": 1, "middle": 1, "high": 1, "k8": 1, "alternative": 1}


@dataclass(frozen=True)
class _Title:
    title: str
    family: str
    weight: float  # share within its family; 0 for one-per-school titles
    where: dict  # worksite kind -> weight (times the size of each school)


# District job titles, the families they belong to, and where those people work.
TITLES = (
    _Title("Paraeducator I", "paraeducators", 26, _K12),
    _Title("Paraeducator II", "paraeducators", 18, _K12),
    _Title("Special Education Paraeducator", "paraeducators", 26, {**_K12, "alternative": 3}),
    _Title("Bilingual Paraeducator", "paraeducators", 9,
           {"elementary": 1.3, "middle": 1, "k8": 1, "early": 1}),
    _Title("Preschool Paraeducator", "paraeducators", 8, {"early": 8, "elementary": 0.3}),
    _Title("Library Paraeducator", "paraeducators", 4, _K12),
    _Title("Behavior Intervention Paraeducator", "paraeducators", 9, {**_K12, "alternative": 4}),
    _Title("Head Custodian", "custodial", 0, _ALL_SCHOOLS),
    _Title("Custodian I", "custodial", 50, {**_ALL_SCHOOLS, "district_office": 2}),
    _Title("Custodian II", "custodial", 22, _ALL_SCHOOLS),
    _Title("Groundskeeper", "custodial", 15, {"facilities": 1}),
    _Title("Maintenance Worker", "custodial", 13, {"facilities": 1}),
    _Title("Kitchen Manager", "food", 0, _ALL_SCHOOLS),
    _Title("Nutrition Services Assistant", "food", 55, _ALL_SCHOOLS),
    _Title("Cook I", "food", 24, {**_ALL_SCHOOLS, "nutrition": 6}),
    _Title("Cook II", "food", 9, {"middle": 1, "high": 1, "nutrition": 8}),
    _Title("Baker", "food", 5, {"nutrition": 1}),
    _Title("Food Service Delivery Driver", "food", 5, {"nutrition": 1}),
    _Title("Bus Driver", "transportation", 66, {"transportation": 1}),
    _Title("Bus Attendant", "transportation", 20, {"transportation": 1}),
    _Title("Vehicle Mechanic", "transportation", 8, {"transportation": 1}),
    _Title("Transportation Dispatcher", "transportation", 4, {"transportation": 1}),
    _Title("Route Coordinator", "transportation", 2, {"transportation": 1}),
    _Title("School Secretary", "clerical", 0, _ALL_SCHOOLS),
    _Title("Office Assistant", "clerical", 30, {**_ALL_SCHOOLS, "district_office": 2}),
    _Title("Attendance Clerk", "clerical", 20,
           {"elementary": 0.4, "middle": 1, "high": 2, "k8": 1, "alternative": 1}),
    _Title("Registrar", "clerical", 8, {"middle": 1, "high": 2}),
    _Title("Bookkeeper", "clerical", 7, {"high": 1, "district_office": 3}),
    _Title("Administrative Assistant", "clerical", 20,
           {"district_office": 10, "transportation": 0.5, "facilities": 0.5, "nutrition": 0.5}),
    _Title("Payroll Specialist", "clerical", 6, {"district_office": 1}),
    _Title("Health Aide", "health", 40, _ALL_SCHOOLS),
    _Title("Licensed Practical Nurse", "health", 12, {**_ALL_SCHOOLS, "high": 2}),
    _Title("Educational Interpreter", "health", 10, _K12),
    _Title("Family Liaison", "health", 20, _ALL_SCHOOLS),
    _Title("Speech-Language Pathology Assistant", "health", 9,
           {"elementary": 1, "early": 2, "k8": 1}),
    _Title("Occupational Therapy Assistant", "health", 9, {**_ALL_SCHOOLS, "alternative": 2}),
    _Title("IT Support Technician", "technical", 40,
           {"district_office": 60, "high": 1, "middle": 0.5}),
    _Title("Network Technician", "technical", 15, {"district_office": 1}),
    _Title("Library Media Technician", "technical", 25, _K12),
    _Title("Student Data Specialist", "technical", 20, {"district_office": 20, "high": 1}),
    _Title("Campus Security Officer", "security", 65,
           {"high": 3, "middle": 2, "alternative": 2, "k8": 1}),
    _Title("Campus Supervisor", "security", 35,
           {"high": 1, "middle": 1, "k8": 0.5, "elementary": 0.15}),
    _Title("HVAC Technician", "trades", 25, {"facilities": 1}),
    _Title("Electrician", "trades", 22, {"facilities": 1}),
    _Title("Plumber", "trades", 18, {"facilities": 1}),
    _Title("Carpenter", "trades", 15, {"facilities": 1}),
    _Title("Painter", "trades", 12, {"facilities": 1}),
    _Title("Locksmith", "trades", 8, {"facilities": 1}),
)
# One per school (while the family is big enough), before the rest are placed.
ONE_PER_SCHOOL = {"custodial": "Head Custodian", "food": "Kitchen Manager",
                  "clerical": "School Secretary"}

# ---------------------------------------------------------------------------------------------
# Invented names

PLACE_WORDS = (
    "Cedar", "Maple", "Oak", "Willow", "Aspen", "Birch", "Alder", "Juniper", "Pine", "Spruce",
    "Hawthorn", "Laurel", "Magnolia", "Sycamore", "Cottonwood", "Elm", "Hickory", "Chestnut",
    "Poplar", "Redwood", "Sage", "Meadow", "Prairie", "River", "Lake", "Stone", "Clear",
    "Silver", "Golden", "Fox", "Eagle", "Heron", "Falcon", "Deer", "Bear", "Quail", "Sparrow",
    "Robin", "Lark", "Sun", "Moon", "Star", "North", "South", "East", "West", "High", "Fair",
    "Green", "Blue", "Bright", "Spring", "Summer", "Harbor", "Bay", "Mill", "Orchard", "Rock",
    "Cherry", "Walnut", "Linden", "Briar", "Thistle", "Clover", "Amber", "Crystal", "Hidden",
    "Shady", "Sandy", "Misty", "Windy", "Pleasant",
)
PLACE_ENDINGS = (
    "Hollow", "Ridge", "Creek", "Valley", "Park", "Grove", "Meadows", "Hills", "Brook", "Field",
    "Crest", "Glen", "Point", "Springs", "Wood", "Heights", "Vista", "Landing", "Crossing",
    "Trail", "Canyon", "Bluff", "Haven", "View", "Shore", "Run", "Terrace", "Gate", "Mesa",
    "Pond", "Falls", "Prairie", "Ranch", "Harbor", "Bend", "Knoll", "Dale", "Lake", "Hill",
    "Forest", "Orchard", "Commons", "Station", "Garden",
)
STREET_SUFFIXES = ("Street", "Avenue", "Road", "Drive", "Lane", "Boulevard", "Way", "Court",
                   "Place", "Parkway")
DIRECTIONS = ("North", "South", "East", "West", "Central")

# Neighbouring towns where people live, with their (invented) postal codes.
TOWNS = {
    "Harrow Springs": ("60941", "60942"),
    "Millbrook Falls": ("60951", "60952"),
    "Fenwick": ("60961",),
    "Alder Bay": ("60971", "60972"),
    "Quarry Hill": ("60981",),
    "Rosedale Heights": ("60991", "60992"),
}
CITY_POSTAL_CODES = ("60901", "60902", "60903", "60905", "60907", "60908")
STATE_CODE = "CS"  # the invented state of Cascadia (not a postal abbreviation in use)

FIRST_EN_F = (
    "Mary", "Patricia", "Jennifer", "Linda", "Elizabeth", "Barbara", "Susan", "Jessica",
    "Sarah", "Karen", "Lisa", "Nancy", "Sandra", "Margaret", "Ashley", "Kimberly", "Emily",
    "Donna", "Michelle", "Carol", "Amanda", "Melissa", "Deborah", "Stephanie", "Rebecca",
    "Sharon", "Laura", "Cynthia", "Amy", "Kathleen", "Angela", "Shirley", "Brenda", "Emma",
    "Anna", "Pamela", "Nicole", "Samantha", "Katherine", "Christine", "Debra", "Rachel",
    "Carolyn", "Janet", "Heather", "Diane", "Julie", "Joyce", "Victoria", "Kelly", "Christina",
    "Lauren", "Joan", "Evelyn", "Olivia", "Judith", "Megan", "Cheryl", "Andrea", "Hannah",
    "Martha", "Jacqueline", "Frances", "Gloria", "Ann", "Theresa", "Kathryn", "Janice", "Jean",
    "Alice", "Abigail", "Julia", "Grace", "Denise", "Amber", "Marilyn", "Beverly", "Danielle",
    "Sophia", "Marie", "Diana", "Brittany", "Natalie", "Charlotte", "Rose", "Alexis", "Kayla",
    "Tamara", "Wanda", "Tiffany", "Crystal", "Monique", "Latoya", "Keisha", "Shannon",
)
FIRST_EN_M = (
    "James", "Robert", "John", "Michael", "David", "William", "Richard", "Joseph", "Thomas",
    "Christopher", "Charles", "Daniel", "Matthew", "Anthony", "Mark", "Donald", "Steven",
    "Andrew", "Paul", "Joshua", "Kenneth", "Kevin", "Brian", "George", "Timothy", "Ronald",
    "Jason", "Edward", "Jeffrey", "Ryan", "Jacob", "Gary", "Nicholas", "Eric", "Jonathan",
    "Stephen", "Larry", "Justin", "Scott", "Brandon", "Benjamin", "Samuel", "Gregory",
    "Alexander", "Patrick", "Frank", "Raymond", "Jack", "Dennis", "Jerry", "Tyler", "Aaron",
    "Henry", "Douglas", "Peter", "Adam", "Nathan", "Zachary", "Walter", "Kyle", "Harold",
    "Carl", "Jeremy", "Gerald", "Keith", "Roger", "Arthur", "Terry", "Lawrence", "Sean",
    "Ethan", "Austin", "Albert", "Jesse", "Willie", "Bryan", "Bruce", "Noah", "Jordan",
    "Dylan", "Ralph", "Roy", "Alan", "Wayne", "Eugene", "Louis", "Russell", "Randy", "Vincent",
    "Philip", "Marcus", "Darnell", "Terrence", "Curtis", "Dwayne",
)
FIRST_ES_F = (
    "María", "Guadalupe", "Rosa", "Ana", "Carmen", "Juana", "Verónica", "Leticia", "Adriana",
    "Alejandra", "Gabriela", "Claudia", "Elena", "Yolanda", "Silvia", "Araceli", "Marisol",
    "Lucía", "Sofía", "Isabel", "Beatriz", "Dolores", "Esperanza", "Norma", "Blanca", "Teresa",
    "Alicia", "Maribel", "Irma", "Raquel", "Lourdes", "Inés", "Graciela", "Luz", "Rocío",
    "Socorro", "Yesenia", "Jazmín", "Daniela", "Valeria", "Ximena", "Paola", "Mónica",
    "Angélica", "Patricia", "Martha", "Cristina", "Sandra",
)
FIRST_ES_M = (
    "José", "Juan", "Luis", "Carlos", "Jesús", "Francisco", "Miguel", "Antonio", "Jorge",
    "Pedro", "Manuel", "Alejandro", "Ricardo", "Roberto", "Fernando", "Javier", "Eduardo",
    "Raúl", "Sergio", "Rafael", "Arturo", "Enrique", "Armando", "Alberto", "Héctor", "Mario",
    "Ramón", "Rubén", "Víctor", "Andrés", "Salvador", "Ignacio", "Gerardo", "Óscar",
    "Guillermo", "Julio", "Diego", "Mateo", "Santiago", "Emilio", "Joaquín", "Hugo", "Rodrigo",
    "Adrián", "Ernesto", "Daniel",
)
LAST_EN = (
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson",
    "Taylor", "Thomas", "Moore", "Martin", "Jackson", "Thompson", "White", "Harris", "Clark",
    "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott", "Hill", "Green",
    "Adams", "Baker", "Nelson", "Carter", "Mitchell", "Roberts", "Turner", "Phillips",
    "Campbell", "Parker", "Evans", "Edwards", "Collins", "Stewart", "Morris", "Murphy", "Cook",
    "Rogers", "Morgan", "Cooper", "Peterson", "Bailey", "Reed", "Kelly", "Howard", "Cox",
    "Ward", "Richardson", "Watson", "Brooks", "Wood", "James", "Bennett", "Gray", "Hughes",
    "Price", "Sanders", "Myers", "Long", "Ross", "Foster", "Powell", "Jenkins", "Perry",
    "Russell", "Sullivan", "Bell", "Coleman", "Butler", "Henderson", "Barnes", "Fisher",
    "Graham", "Wallace", "Hamilton", "Ellis", "Stevens", "Murray", "Ford", "Marshall", "Owens",
    "McDonald", "Harrison", "Gibson", "Kennedy", "Wells", "Porter", "Hunter", "Hicks",
    "Palmer", "Fletcher", "Lawson", "Holland", "Dunn", "O'Brien", "Washington", "Jefferson",
)
LAST_ES = (
    "García", "Martínez", "Rodríguez", "Hernández", "López", "González", "Pérez", "Sánchez",
    "Ramírez", "Torres", "Flores", "Rivera", "Gómez", "Díaz", "Cruz", "Morales", "Reyes",
    "Gutiérrez", "Ortiz", "Ramos", "Castillo", "Vargas", "Mendoza", "Jiménez", "Ruiz",
    "Álvarez", "Romero", "Herrera", "Medina", "Aguilar", "Vásquez", "Castro", "Soto", "Delgado",
    "Chávez", "Salazar", "Guerrero", "Rojas", "Contreras", "Estrada", "Figueroa", "Navarro",
    "Núñez", "Cabrera", "Campos", "Villanueva", "Ibarra", "Maldonado", "Fuentes", "Orozco",
    "Ochoa", "Pacheco", "Sandoval", "Cervantes", "Rosales", "Zamora", "Espinoza", "Valdez",
    "Domínguez", "Acosta",
)
NICKNAMES = {
    "William": ("Bill", "Will"), "Robert": ("Bob", "Rob", "Bobby"), "Richard": ("Rick", "Rich"),
    "James": ("Jim", "Jimmy", "Jamie"), "Michael": ("Mike",), "Joseph": ("Joe",),
    "Thomas": ("Tom",), "Christopher": ("Chris",), "Daniel": ("Dan", "Danny"),
    "Matthew": ("Matt",), "Anthony": ("Tony",), "Steven": ("Steve",), "Andrew": ("Andy", "Drew"),
    "Kenneth": ("Ken",), "Timothy": ("Tim",), "Ronald": ("Ron",), "Edward": ("Ed", "Eddie"),
    "Jeffrey": ("Jeff",), "Nicholas": ("Nick",), "Jonathan": ("Jon",), "Benjamin": ("Ben",),
    "Samuel": ("Sam",), "Gregory": ("Greg",), "Alexander": ("Alex",), "Patrick": ("Pat",),
    "Raymond": ("Ray",), "Douglas": ("Doug",), "Zachary": ("Zach",), "Lawrence": ("Larry",),
    "Gerald": ("Jerry",), "Elizabeth": ("Liz", "Beth", "Betsy"),
    "Patricia": ("Pat", "Patty", "Trish"), "Jennifer": ("Jen", "Jenny"),
    "Katherine": ("Kate", "Katie"), "Kathleen": ("Kathy", "Kate"),
    "Margaret": ("Maggie", "Peggy", "Meg"), "Deborah": ("Debbie", "Deb"), "Debra": ("Debbie",),
    "Susan": ("Sue", "Susie"), "Rebecca": ("Becky",), "Samantha": ("Sam",),
    "Victoria": ("Vicky", "Tori"), "Christine": ("Chris",), "Jacqueline": ("Jackie",),
    "Cynthia": ("Cindy",), "Pamela": ("Pam",), "Stephanie": ("Steph",), "Abigail": ("Abby",),
    "Kimberly": ("Kim",), "Melissa": ("Missy",), "Theresa": ("Terri",), "Judith": ("Judy",),
    "Frances": ("Fran",), "Dolores": ("Lola",), "Guadalupe": ("Lupe",), "Jesús": ("Chuy",),
    "Francisco": ("Paco", "Frank"), "José": ("Pepe", "Joe"), "Alejandro": ("Alex",),
    "Roberto": ("Beto",), "Eduardo": ("Lalo",), "Ignacio": ("Nacho",), "Rosa": ("Rosie",),
    "Graciela": ("Chela",), "Manuel": ("Manny",), "Ricardo": ("Ricky",),
    "Gabriela": ("Gaby",), "Guillermo": ("Memo",), "Rafael": ("Rafa",),
    "Salvador": ("Chava",), "Socorro": ("Coco",),
}
EMAIL_DOMAINS = ("example.org", "example.net", "example.com")
STATE_STAFF_NAME = "Dana Whitcomb"
# Who runs the national mentoring course, and one of its facilitators (an ESP from elsewhere).
COURSE_STAFF_NAME = "Renee Calloway"
FACILITATOR_NAME = "Luis Ortega-Brandt"
OFFICER_TITLES = ("President", "Vice President", "Secretary", "Treasurer")

# Invented yearly dues in cents, NEA-like: (level, category, label, min FTE, max FTE, cents).
# The demo FTEs (1, 0.875, 0.75, 0.5) all fall in a band of each level.
DEMO_DUES = (
    ("national", "full_time", "ESP full time (0.5 FTE or more)", "0.5", "1", 21000),
    ("national", "part_time", "ESP part time (under 0.5 FTE)", "0", "0.499", 10500),
    ("state", "full_time", "Full time (0.75 FTE or more)", "0.75", "1", 41400),
    ("state", "part_time", "Part time (0.5 to 0.749 FTE)", "0.5", "0.749", 31050),
    ("state", "part_time", "Part time (under 0.5 FTE)", "0", "0.499", 20700),
    ("local", "full_time", "Full time (0.5 FTE or more)", "0.5", "1", 26400),
    ("local", "part_time", "Part time (under 0.5 FTE)", "0", "0.499", 13200),
)
# Paid over 24 paychecks, a mid-year join pro-rated by the pay periods left, and the card
# revocable from 25 to 10 days before its anniversary.
DEMO_DUES_POLICY = {"year_start_month": 9, "year_start_day": 1, "pay_periods": 24,
                    "proration": "pay_periods", "revocation_opens_days": 25,
                    "revocation_closes_days": 10}


# ---------------------------------------------------------------------------------------------
# What build_demo returns


@dataclass(frozen=True)
class JobClassRow:
    title: str
    family: str


@dataclass(frozen=True)
class AccountRow:
    email: str
    name: str
    person: int | None  # index into DemoLocal.persons; None for state staff
    persona: str = ""  # one of PERSONAS for the published demo logins, else ""


@dataclass(frozen=True)
class RoleRow:
    email: str  # the AccountRow holding it
    role: str  # a core.models.Role value
    scope: str  # "local", "state" or "national"
    worksites: tuple[int, ...] = ()  # indexes into DemoLocal.worksites
    title: str = ""  # e.g. "President"


@dataclass(frozen=True)
class DuesRateRow:
    level: str  # "national", "state" or "local": the affiliate charging it
    category: str
    label: str
    min_fte: Decimal
    max_fte: Decimal
    yearly_cents: int
    effective_from: dt.date


@dataclass(frozen=True)
class DemoLocal:
    """A whole local as plain data. Person rows hold `worksite` as an index into `worksites`
    and `job_class` as a title from `job_classes`; `seed_demo` swaps in the saved rows."""

    slug: str
    name: str
    time_zone: str
    state_slug: str
    state_name: str
    city: str
    as_of: dt.date
    worksites: list[dict]
    job_classes: list[JobClassRow]
    persons: list[dict]
    accounts: list[AccountRow]
    roles: list[RoleRow]
    # Rates effective from the start of the membership year holding as_of, and the policy.
    dues_rates: tuple[DuesRateRow, ...] = ()
    dues_policy: dict = field(default_factory=dict)

    def family_of(self, person: dict) -> str:
        return _TITLE_FAMILY[person["job_class"]]


_TITLE_FAMILY = {t.title: t.family for t in TITLES}


def default_worksites(persons: int) -> int:
    """Worksites in proportion to the reference district (150 for 3,800 persons)."""
    return max(10, round(persons * DEMO_WORKSITES / DEMO_PERSONS))


def build_demo(persons: int = DEMO_PERSONS, worksites: int | None = None, *,
               seed: int = DEMO_SEED, slug: str = DEMO_SLUG, city: str = "Lakeview",
               time_zone: str = "America/Chicago", state_slug: str = "cascadia-ea",
               state_name: str = "Cascadia Education Association",
               employee_id_prefix: str = "", email_domain: str = DEMO_EMAIL_DOMAIN,
               accounts: bool = True, as_of: dt.date | None = None) -> DemoLocal:
    """A local of `persons` ESPs at `worksites` worksites (default: in proportion), with its
    role holders and persona accounts unless `accounts` is False.

    Deterministic: the same arguments give equal results. For many locals in one database,
    give each its own `slug` (account emails then start with it) and, if their employee ids
    must not overlap, its own `employee_id_prefix`.
    """
    worksites = default_worksites(persons) if worksites is None else worksites
    if worksites < 8:
        raise ValueError("The demo needs at least 8 worksites (4 schools and 4 support sites).")
    if persons < max(50, worksites):
        raise ValueError("The demo needs at least 50 persons and one per worksite.")
    rng = random.Random(f"unionhall-demo:{seed}")
    as_of = as_of or DEMO_AS_OF
    site_rows, sizes = _worksites(rng, worksites, city)
    people = _persons(rng, persons, site_rows, sizes, city, as_of, employee_id_prefix)
    account_rows, role_rows = (
        _role_holders(rng, people, site_rows, as_of, slug, email_domain) if accounts else ([], [])
    )
    return DemoLocal(
        slug=slug, name=f"{city} Education Support Professionals Association",
        time_zone=time_zone, state_slug=state_slug, state_name=state_name, city=city,
        as_of=as_of, worksites=site_rows,
        job_classes=[JobClassRow(t.title, t.family) for t in TITLES], persons=people,
        accounts=account_rows, roles=role_rows, dues_rates=_dues_rates(as_of),
        dues_policy=dict(DEMO_DUES_POLICY),
    )


def _dues_rates(as_of: dt.date) -> tuple[DuesRateRow, ...]:
    from unionhall.members.dues import Policy, membership_year

    start, _end = membership_year(as_of, Policy(DEMO_DUES_POLICY["year_start_month"],
                                                DEMO_DUES_POLICY["year_start_day"]))
    return tuple(DuesRateRow(level, category, label, Decimal(low), Decimal(high), cents, start)
                 for level, category, label, low, high, cents in DEMO_DUES)


# ---------------------------------------------------------------------------------------------
# Worksites


def apportion(total: int, weights: dict[str, float]) -> dict[str, int]:
    """Split `total` in proportion to `weights` by largest remainder (ties by key order)."""
    whole = sum(weights.values())
    raw = {k: total * w / whole for k, w in weights.items()}
    counts = {k: math.floor(v) for k, v in raw.items()}
    left = total - sum(counts.values())
    order = sorted(raw, key=lambda k: counts[k] - raw[k])  # largest remainder first; stable
    for k in order[:left]:
        counts[k] += 1
    return counts


def _worksite_counts(n: int) -> dict[str, int]:
    support = {k: max(1, round(c * n / DEMO_WORKSITES)) for k, c in SUPPORT_MIX.items()}
    schools = apportion(n - sum(support.values()), SCHOOL_MIX)
    for kind in ("high", "middle"):  # every district has at least one of each
        if schools[kind] == 0:
            schools[kind] = 1
            schools["elementary"] -= 1
    return {**schools, **support}


def _school_names(rng: random.Random):
    """An endless, shuffled stream of invented place names for schools of one kind."""
    pool = [f"{a} {b}" for a in PLACE_WORDS for b in PLACE_ENDINGS if a != b]
    rng.shuffle(pool)
    yield from pool
    for direction in DIRECTIONS:
        for name in pool:
            yield f"{direction} {name}"
    number = 2
    while True:
        for name in pool:
            yield f"{name} {number}"
        number += 1


SCHOOL_NAME_FORMS = {
    "elementary": "{} Elementary", "middle": "{} Middle School", "high": "{} High School",
    "k8": "{} K-8 School", "alternative": "{} Academy", "early": "{} Early Learning Center",
}


def _support_name(kind: str, i: int, city: str) -> str:
    base = {"transportation": "Transportation Terminal", "nutrition": "Nutrition Services Center",
            "facilities": "Facilities and Maintenance Yard"}.get(kind)
    if base is None:  # district office
        return f"{city} Unified School District Office" if i == 0 else (
            f"{city} USD Administration Annex {i}")
    return f"{DIRECTIONS[i]} {base}" if i < len(DIRECTIONS) else f"{base} {i + 1}"


def _street(rng: random.Random) -> str:
    return (f"{rng.randint(100, 9899)} {rng.choice(PLACE_WORDS)} "
            f"{rng.choice(STREET_SUFFIXES)}")


def _worksites(rng: random.Random, n: int, city: str) -> tuple[list[dict], list[float]]:
    rows, sizes, taken = [], [], set()
    for kind, count in _worksite_counts(n).items():
        names = _school_names(rng) if kind in SCHOOL_KINDS else None
        for i in range(count):
            if names is not None:
                name = SCHOOL_NAME_FORMS[kind].format(next(names))
                while name in taken:
                    name = SCHOOL_NAME_FORMS[kind].format(next(names))
                size = SCHOOL_SIZE[kind] * rng.uniform(0.7, 1.35)
            else:
                name, size = _support_name(kind, i, city), 1.0
            taken.add(name)
            rows.append({"name": name, "kind": kind, "street": _street(rng), "city": city,
                         "state": STATE_CODE, "postal_code": rng.choice(CITY_POSTAL_CODES)})
            sizes.append(size)
    return rows, sizes


# ---------------------------------------------------------------------------------------------
# Persons


def _placements(rng: random.Random, n: int, sites: list[dict], sizes: list[float]):
    """(family, title, worksite index) for n persons, in a shuffled order."""
    schools = [i for i, s in enumerate(sites) if s["kind"] in SCHOOL_KINDS]
    slots = []
    for family, count in apportion(n, FAMILY_SHARES).items():
        anchor = ONE_PER_SCHOOL.get(family)
        if anchor:
            k = min(len(schools), int(count * 0.4))
            slots += [(family, anchor, i) for i in sorted(rng.sample(schools, k))]
            count -= k
        titles = [t for t in TITLES if t.family == family and t.weight > 0]
        per_title = apportion(count, {t.title: t.weight for t in titles})
        for t in titles:
            if not per_title[t.title]:
                continue
            where = [(i, t.where.get(s["kind"], 0) * sizes[i]) for i, s in enumerate(sites)]
            where = [(i, w) for i, w in where if w > 0] or [(i, sizes[i]) for i in schools]
            chosen = rng.choices([i for i, _ in where], weights=[w for _, w in where],
                                 k=per_title[t.title])
            slots += [(family, t.title, i) for i in chosen]
    rng.shuffle(slots)
    return slots


def ascii_letters(text: str) -> str:
    """'Núñez' -> 'nunez', "O'Brien" -> 'obrien': for email local parts."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in plain.lower() if c.isalnum())


def _strip_accents(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _name(rng: random.Random, family: str, spanish: bool) -> tuple[str, str, str]:
    woman = rng.random() < FAMILY_WOMEN[family]
    if rng.random() < (0.85 if spanish else 0.12):
        first = rng.choice(FIRST_ES_F if woman else FIRST_ES_M)
    else:
        first = rng.choice(FIRST_EN_F if woman else FIRST_EN_M)
    spanish_last = rng.random() < (0.9 if spanish else 0.2)
    last = rng.choice(LAST_ES if spanish_last else LAST_EN)
    if spanish_last and rng.random() < 0.08:
        second = rng.choice(LAST_ES)
        if second != last:
            last = f"{last} {second}"
    elif not spanish_last and rng.random() < 0.02:
        last = f"{last}-{rng.choice(LAST_EN)}"
    if rng.random() < 0.3:  # payroll systems that drop the accents
        first, last = _strip_accents(first), _strip_accents(last)
    preferred = ""
    nicknames = NICKNAMES.get(first) or NICKNAMES.get(_accented(first))
    if nicknames and rng.random() < 0.35:
        preferred = rng.choice(nicknames)
    return first, last, preferred


_ACCENTED = {_strip_accents(k): k for k in NICKNAMES}


def _accented(name: str) -> str:
    return _ACCENTED.get(name, name)


def _email(rng: random.Random, first: str, last: str, used: set[str]) -> str:
    f, la = ascii_letters(first), ascii_letters(last)
    style = rng.random()
    if style < 0.4:
        local = f"{f}.{la}"
    elif style < 0.6:
        local = f"{f}{la}"
    elif style < 0.8:
        local = f"{f[0]}{la}{rng.randint(1, 99)}"
    else:
        local = f"{f}.{la}{rng.randint(60, 99)}"
    domain = rng.choices(EMAIL_DOMAINS, weights=(4, 3, 3))[0]
    email, n = f"{local}@{domain}", 2
    while email in used:
        email, n = f"{local}{n}@{domain}", n + 1
    used.add(email)
    return email


def _area_codes(rng: random.Random, needed: int) -> list[str]:
    codes = [f"{a}{b}{c}" for a in range(2, 10) for b in range(0, 9) for c in range(0, 10)
             if not (b == 1 and c == 1)]
    rng.shuffle(codes)
    return codes[:max(3, math.ceil(needed / 100))]


def _phone(rng: random.Random, areas: list[str], used: set[str]) -> str:
    # Unique while the fictional range lasts (about 70,000 numbers); beyond that, repeats.
    for _ in range(20):
        phone = f"({rng.choice(areas)}) 555-01{rng.randint(0, 99):02d}"
        if phone not in used:
            break
    used.add(phone)
    return phone


def _home(rng: random.Random, city: str) -> dict:
    street = _street(rng)
    if rng.random() < 0.12:
        street += f" Apt {rng.randint(1, 40)}{rng.choice('ABCD')}"
    if rng.random() < 0.55:
        town, code = city, rng.choice(CITY_POSTAL_CODES)
    else:
        town = rng.choice(list(TOWNS))
        code = rng.choice(TOWNS[town])
    return {"street": street, "city": town, "state": STATE_CODE, "postal_code": code}


def _hire_date(rng: random.Random, as_of: dt.date) -> dt.date:
    years = min(rng.expovariate(1 / 8.0), 29.5)  # more recent hires than old-timers
    hire = as_of - dt.timedelta(days=max(1, int(years * 365.25)))
    if rng.random() < 0.5:  # many start with the school year
        august = dt.date(hire.year, 8, rng.randint(10, 25))
        if august < as_of:
            hire = august
    return hire


def _membership(rng: random.Random, p_member: float, hire: dt.date,
                as_of: dt.date) -> tuple[str, dt.date]:
    span = (as_of - hire).days
    if span < 180:
        p_member -= 0.15  # not everyone has been asked yet
    if rng.random() < min(0.95, max(0.15, p_member)):
        if span <= 30 or rng.random() < 0.55:
            delay = rng.randint(0, min(30, span))  # joined at new-employee orientation
        else:
            delay = rng.randint(30, span)
        return "member", hire + dt.timedelta(days=delay)
    if span < 120:
        status = rng.choices(("non_member", "pending"), weights=(70, 30))[0]
    else:
        status = rng.choices(("non_member", "lapsed", "resigned", "pending"),
                             weights=(76, 10, 8, 6))[0]
    if status == "non_member":
        return status, hire
    if status == "pending":
        return status, as_of - dt.timedelta(days=rng.randint(0, min(45, span)))
    start = min(365, span // 2)
    return status, hire + dt.timedelta(days=rng.randint(start, span))


def _persons(rng: random.Random, n: int, sites: list[dict], sizes: list[float], city: str,
             as_of: dt.date, id_prefix: str) -> list[dict]:
    site_density = [rng.gauss(0, 0.10) for _ in sites]
    slots = _placements(rng, n, sites, sizes)
    areas = _area_codes(rng, math.ceil(n * 1.5))
    emails: set[str] = set()
    phones: set[str] = set()
    fte_choices = {k: (tuple(Decimal(f) for f in mix), tuple(mix.values()))
                   for k, mix in FTE_MIX.items()}
    people = []
    for family, title, site in slots:
        spanish = rng.random() < FAMILY_SPANISH[family]
        first, last, preferred = _name(rng, family, spanish)
        hire = _hire_date(rng, as_of)
        status, since = _membership(rng, 0.635 + FAMILY_DENSITY[family] + site_density[site],
                                    hire, as_of)
        values, weights = fte_choices.get(family, fte_choices["other"])
        person = {
            "employee_id": "",
            "legal_first_name": first,
            "legal_last_name": last,
            "preferred_name": preferred,
            "personal_email": _email(rng, preferred or first, last, emails)
            if rng.random() < 0.85 else "",
            "mobile_phone": _phone(rng, areas, phones) if rng.random() < 0.9 else "",
            **(_home(rng, city) if rng.random() < 0.97 else
               {"street": "", "city": "", "state": "", "postal_code": ""}),
            "language": "es" if spanish else "en",
            "worksite": site,
            "job_class": title,
            "fte": rng.choices(values, weights=weights)[0],
            "hire_date": hire,
            "in_unit": True,
            "status": status,
            "since": since,
        }
        people.append(person)
    # Employee ids rise with the hire date, as a payroll system hands them out.
    digits = max(6, len(str(n * 5)))
    numbers = sorted(rng.sample(range(10 ** (digits - 1), 10 ** digits), n))
    by_hire = sorted(range(n), key=lambda i: (people[i]["hire_date"], i))
    for number, i in zip(numbers, by_hire, strict=True):
        people[i]["employee_id"] = f"{id_prefix}{number}"
    return people


# ---------------------------------------------------------------------------------------------
# Role holders


def display_first(person: dict) -> str:
    return person["preferred_name"] or person["legal_first_name"]


def _role_holders(rng: random.Random, people: list[dict], sites: list[dict], as_of: dt.date,
                  slug: str, domain: str) -> tuple[list[AccountRow], list[RoleRow]]:
    prefix = "" if slug == DEMO_SLUG else f"{slug}."
    members_at: dict[int, list[int]] = defaultdict(list)
    for i, p in enumerate(people):
        if p["status"] == "member":
            members_at[p["worksite"]].append(i)
    members = [i for i, p in enumerate(people) if p["status"] == "member"]
    used: set[int] = set()
    accounts: list[AccountRow] = []
    roles: list[RoleRow] = []
    emails: set[str] = set()

    def pick(candidates, prefer=None) -> int | None:
        free = [i for i in candidates if i not in used]
        if prefer is not None:
            free = [i for i in free if prefer(people[i])] or free
        if not free:
            return None
        chosen = rng.choice(free)
        used.add(chosen)
        return chosen

    def account(person: int | None, persona: str = "", name: str = "") -> str:
        if persona:
            email = f"{prefix}{persona}@{domain}"
        else:
            p = people[person]
            base = (f"{prefix}{ascii_letters(display_first(p))}."
                    f"{ascii_letters(p['legal_last_name'])}")
            email, n = f"{base}@{domain}", 2
            while email in emails:
                email, n = f"{base}{n}@{domain}", n + 1
        emails.add(email)
        if person is not None:
            name = f"{display_first(people[person])} {people[person]['legal_last_name']}"
        accounts.append(AccountRow(email=email, name=name, person=person, persona=persona))
        return email

    def senior(p) -> bool:
        return (as_of - p["hire_date"]).days > 8 * 365

    # The personas' own building: an elementary school with members enough for a rep, a
    # member, and a steward who also covers it.
    elementary = [i for i, s in enumerate(sites) if s["kind"] == "elementary"]
    home_candidates = [i for i in elementary if len(members_at[i]) >= 5] or sorted(
        members_at, key=lambda i: -len(members_at[i]))[:1]
    home = rng.choice(home_candidates)
    rep_persona = pick(members_at[home], prefer=lambda p: p["job_class"] != "Head Custodian")
    member_persona = pick(members_at[home])

    for n, title in enumerate(OFFICER_TITLES):
        email = account(pick(members, prefer=senior), "officer" if n == 0 else "")
        roles.append(RoleRow(email, "officer", "local", (), title))
    district_office = {i for i, s in enumerate(sites) if s["kind"] == "district_office"}
    admin = pick(members, prefer=lambda p: p["worksite"] in district_office
                 and _TITLE_FAMILY[p["job_class"]] == "clerical")
    roles.append(RoleRow(account(admin, "admin"), "local_admin", "local", (), "Local admin"))

    # Stewards each cover a cluster of 2-4 worksites; the first cluster holds the personas' site.
    others = [i for i in range(len(sites)) if i != home]
    rng.shuffle(others)
    order = [home, *others]
    wanted = max(1, round(len(sites) * 20 / DEMO_WORKSITES))
    stewards, at = 0, 0
    while stewards < wanted and at < len(order):
        cluster = tuple(sorted(order[at:at + rng.randint(2, 4)]))
        at += len(cluster)
        person = pick([i for s in cluster for i in members_at[s]])
        if person is None:
            continue
        email = account(person, "steward" if stewards == 0 else "")
        roles.append(RoleRow(email, "steward", "local", cluster, "Steward"))
        stewards += 1

    # A building rep at about 85% of worksites, always one who works there.
    covered = sorted([home, *rng.sample(others, max(0, round(len(sites) * 0.85) - 1))])
    for site in covered:
        person = rep_persona if site == home else pick(members_at[site])
        if person is None:
            continue
        email = account(person, "rep" if site == home else "")
        roles.append(RoleRow(email, "building_rep", "local", (site,), "Building rep"))

    for role, count, title in (("bargaining_team", 5, "Bargaining team"),
                               ("election_committee", 3, "Election committee"),
                               ("mentoring_coordinator", 1, "Mentoring coordinator")):
        for _ in range(count):
            prefer = (lambda p: _TITLE_FAMILY[p["job_class"]] == "paraeducators" and senior(p)) \
                if role == "mentoring_coordinator" else None
            person = pick(members, prefer=prefer)
            if person is not None:
                first_of_role = not any(r.role == role for r in roles)
                persona = {"election_committee": "committee", "bargaining_team": "team",
                           "mentoring_coordinator": "coordinator"}.get(role, "") \
                    if first_of_role else ""
                email = account(person, persona)
                roles.append(RoleRow(email, role, "local", (), title))

    chair = pick(members, prefer=senior)
    if chair is not None:
        roles.append(RoleRow(account(chair, "chair"), "grievance_chair", "local", (),
                             "Grievance chair"))
    account(member_persona, "member")
    roles.append(RoleRow(account(None, "state", STATE_STAFF_NAME), "state_staff", "state", (),
                         "State staff"))
    roles.append(RoleRow(account(None, "course", COURSE_STAFF_NAME), "national_staff",
                         "national", (), "National staff"))
    account(None, "facilitator", FACILITATOR_NAME)  # no role: facilitates the demo course
    return accounts, roles


# ---------------------------------------------------------------------------------------------
# Writing


# The demo local's own words for its join page and terms (invented for the demo).
DEMO_JOIN_EN = (
    "Together we bargain our contract: wages, hours, safety and respect at work. Members "
    "vote on the contract and elect the officers. If a problem comes up at work, a "
    "steward stands with you. Paraeducators, drivers, custodians, cooks, office and "
    "health staff: one union."
)
DEMO_JOIN_ES = (
    "Juntos negociamos nuestro contrato: salarios, horario, seguridad y respeto en el "
    "trabajo. Los miembros votan el contrato y eligen a sus dirigentes. Si surge un "
    "problema en el trabajo, un delegado sindical le acompaña. Paraeducadores, choferes, "
    "conserjes, cocineros, personal de oficina y de salud: un solo sindicato."
)
DEMO_TERMS_EN = (
    "1. Membership is open to every employee in the bargaining unit.\n\n"
    "2. Dues are set each membership year by the local, state and national associations, "
    "and are deducted from each paycheck as authorized on this form.\n\n"
    "3. This authorization renews each year on the anniversary of signing unless revoked "
    "in writing during the revocation window printed on the card.\n\n"
    "4. Members agree to follow the local's constitution and bylaws."
)
DEMO_TERMS_ES = (
    "1. Puede afiliarse todo empleado de la unidad de negociación.\n\n"
    "2. Las cuotas las fijan cada año de membresía las asociaciones local, estatal y "
    "nacional, y se descuentan de cada cheque de pago según lo autorizado en este "
    "formulario.\n\n"
    "3. Esta autorización se renueva cada año en el aniversario de la firma, salvo que se"
    " revoque por escrito durante el plazo de revocación impreso en la tarjeta.\n\n"
    "4. Los miembros aceptan cumplir la constitución y los estatutos del local sindical."
)


def seed_demo(data: DemoLocal, *, password: str | None = None, by=None):
    """Write a built demo through the actions and return the local. Persona accounts get
    `password` (None: unusable, for sign-in by emailed code); everyone else an unusable one."""
    from unionhall.accounts.actions import create_accounts
    from unionhall.core.actions import (
        add_job_classes,
        add_worksites,
        assign_roles,
        create_local,
    )
    from unionhall.members.actions import (
        add_people,
        publish_terms,
        set_dues_policy,
        set_dues_rate,
        set_join_page,
    )

    local = create_local(data.slug, name=data.name, time_zone=data.time_zone,
                         state_slug=data.state_slug, state_name=data.state_name, by=by)
    # The state's and the national association's rates are shared with their other locals:
    # setting them again with the same values changes nothing.
    charging = {"local": local, "state": local.parent, "national": local.parent.parent}
    for rate in data.dues_rates:
        set_dues_rate(charging[rate.level], category=rate.category, label=rate.label,
                      min_fte=rate.min_fte, max_fte=rate.max_fte,
                      yearly_cents=rate.yearly_cents, effective_from=rate.effective_from, by=by)
    if data.dues_policy:
        set_dues_policy(local, by=by, **data.dues_policy)
    set_join_page(local, intro_en=DEMO_JOIN_EN, intro_es=DEMO_JOIN_ES, by=by)
    publish_terms(local, text_en=DEMO_TERMS_EN, text_es=DEMO_TERMS_ES, by=by)
    sites = add_worksites(local, data.worksites, by=by)
    classes = {c.title: c for c in add_job_classes(
        local, [(jc.title, jc.family) for jc in data.job_classes], by=by)}
    persons = add_people(local, [
        {**row, "worksite": sites[row["worksite"]], "job_class": classes[row["job_class"]]}
        for row in data.persons
    ], by=by, reason="Demo data")
    if not data.accounts:
        return local
    users = create_accounts([
        {"email": a.email, "name": a.name,
         "person": persons[a.person] if a.person is not None else None,
         "password": password if a.persona else None}
        for a in data.accounts
    ], affiliate=local, by=by)
    by_email = {u.email: u for u in users}
    affiliates = {"local": local, "state": local.parent, "national": local.parent.parent}
    assign_roles([
        (by_email[r.email], affiliates[r.scope], r.role, [sites[i] for i in r.worksites])
        for r in data.roles
    ], by=by)
    reps = {r.worksites[0]: by_email[r.email] for r in data.roles
            if r.role == "building_rep" and r.worksites}
    _seed_organizing(data, persons, sites, reps)
    _seed_democracy(local, data, by_email)
    _seed_grievances(local, data, by_email, persons)
    _seed_bargaining(local, data, by_email)
    _seed_events_and_messages(local, data)
    _seed_mentoring(local, data, by_email)
    return local


def _seed_mentoring(local, data: DemoLocal, by_email) -> None:
    """The national course with this local's team selected (the coordinator leads it, the
    president and the member persona are on it), and the local's own program."""
    from unionhall.mentoring.actions.course import set_facilitators
    from unionhall.mentoring.demo_course import seed_course
    from unionhall.mentoring.demo_learning import seed_learning
    from unionhall.mentoring.demo_pairs import seed_pairs
    from unionhall.mentoring.demo_program import seed_program

    def persona(name):
        account = next((a for a in data.accounts if a.persona == name), None)
        return by_email[account.email] if account else None

    team = [u.person for u in (persona("coordinator"), persona("officer"), persona("member"),
                               persona("rep")) if u is not None and u.person is not None]
    if len(team) < 3:  # a local without the demo's role holders takes no course
        return
    today = local.today()
    offering = seed_course(local.parent.parent, local, team, today=today)
    facilitator = persona("facilitator")
    if facilitator is not None:
        set_facilitators(offering, [*offering.facilitators.values_list("email", flat=True),
                                    facilitator.email], by=None)
    seed_learning(offering, today=today)
    seed_pairs(seed_program(local, today=today), today=today)


def _seed_events_and_messages(local, data: DemoLocal) -> None:
    """Events with answers, a wait list and check-ins; messages already sent."""
    from unionhall.comms.demo import seed_messages
    from unionhall.events.demo import seed_events

    if not any(a.persona == "officer" for a in data.accounts):
        return
    seed_events(local, random.Random(f"{local.slug}-events"))
    seed_messages(local)


def _seed_bargaining(local, data: DemoLocal, by_email) -> None:
    """The contract, sessions with transcripts, proposals, the survey, updates with comments."""
    from unionhall.bargaining.demo import seed_bargaining

    if not any(a.persona == "officer" for a in data.accounts):
        return
    seed_bargaining(local, rng=random.Random(f"{local.slug}-bargaining"))


def _seed_grievances(local, data: DemoLocal, by_email, persons) -> None:
    """Cases for the first few stewards, with grievants from the worksites they cover."""
    from unionhall.grievances.demo import seed_grievances

    officer = next((by_email[a.email] for a in data.accounts if a.persona == "officer"), None)
    if officer is None:
        return
    stewards = {}
    for row in [r for r in data.roles if r.role == "steward"][:4]:
        sites = set(row.worksites)
        stewards[by_email[row.email]] = [
            persons[i] for i, p in enumerate(data.persons)
            if p["worksite"] in sites and p["status"] == "member"][:3]
    chair = next((by_email[r.email] for r in data.roles if r.role == "grievance_chair"), None)
    seed_grievances(local, officer=officer, stewards=stewards, chair=chair)


def _seed_democracy(local, data: DemoLocal, by_email) -> None:
    """Elections and meetings. Elections need the committee and members who have been members
    a while (candidates must have been members for a year; voters on the cut-off date)."""
    from unionhall.democracy.demo import seed_elections
    from unionhall.members.models import Person

    committee = [by_email[r.email] for r in data.roles if r.role == "election_committee"]
    if len(committee) < 2:
        return
    personas = {a.email for a in data.accounts if a.persona}
    settled = data.as_of - dt.timedelta(days=400)
    members = list(Person.objects.filter(local=local, membership__status="member",
                                         membership__since__lte=settled, in_unit=True)
                   .select_related("membership").order_by("pk"))
    settled_ids = {p.pk for p in members}
    voters = [u for email, u in sorted(by_email.items())
              if email not in personas and u.person_id in settled_ids]
    seed_elections(local, committee=committee, voters=voters, members=members,
                   rng_seed=data.slug)
    from unionhall.democracy.demo_meetings import seed_meetings

    officer = next(by_email[a.email] for a in data.accounts if a.persona == "officer")
    seed_meetings(local, officer_user=officer,
                  people=random.Random(f"{data.slug}-meetings").sample(members, 60))


DEMO_NOTES = (
    "Worried about staffing in the classroom; would come to a meeting after school.",
    "Asked how dues are split between the local, state and national.",
    "Second shift has no break room since the remodel.",
    "Wants training on the new student information system.",
    "Happy with the last raise but worried about health premiums.",
    "Talked about the substitute shortage; will ask coworkers to sign the petition.",
)


def _seed_organizing(data: DemoLocal, persons, sites, reps) -> None:
    """A few one-on-ones and assessments by each worksite's rep, so the lists and the person
    pages have something in them. Through the actions, as a rep would record them."""
    from unionhall.organizing.actions import assess, log_conversation
    from unionhall.organizing.models import DEFAULT_ISSUES, Conversation

    rng = random.Random(f"{data.slug}-organizing")
    by_site: dict[int, list[int]] = defaultdict(list)
    for index, row in enumerate(data.persons):
        by_site[row["worksite"]].append(index)
    today = data.as_of
    # A large generated local (benchmarks) gets the same handful, not thousands of actions.
    for site_index, rep in sorted(reps.items())[:150]:
        for index in rng.sample(by_site[site_index], min(3, len(by_site[site_index]))):
            person, status = persons[index], data.persons[index].get("status")
            if rep.person_id == person.pk:
                continue
            log_conversation(
                person, on=today - dt.timedelta(days=rng.randint(1, 75)),
                channel=rng.choice(Conversation.Channel.values),
                issues=rng.sample(DEFAULT_ISSUES, rng.randint(1, 2)),
                notes=rng.choice(DEMO_NOTES), by=rep)
            member = status == "member"
            assess(person, rng.choice((1, 2, 2)) if member else rng.choice((2, 3, 3, 4, 5)),
                   by=rep)
