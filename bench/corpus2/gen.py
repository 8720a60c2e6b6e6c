#!/usr/bin/env python3
"""Independent held-out PHI corpus generator (standard library only).

usage: gen.py OUTDIR -- writes OUTDIR/docs/ and OUTDIR/labels.jsonl in the
format of ../shared/corpus/phi (byte offsets, end exclusive), so that the
same scorer measures phiscan on a corpus written apart from the dev one.
Markup inside templates: «TYPE|value» marks a labelled span; everything else
is literal text. Offsets are computed in UTF-8 bytes while concatenating.
Every value is synthetic.
"""
import json
import os
import random
import re
import sys

HERE = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
R = random.Random(int(os.environ.get("HELDOUT_SEED", "424242")))
MARK = re.compile(r"«([A-Z0-9_]+)\|(.*?)»", re.S)


def build(markup, eol=None):
    if eol:
        markup = markup.replace("\n", eol)
    out = bytearray()
    spans = []
    pos = 0
    for m in MARK.finditer(markup):
        out += markup[pos:m.start()].encode("utf-8")
        val = m.group(2)
        b = val.encode("utf-8")
        spans.append({"start": len(out), "end": len(out) + len(b), "type": m.group(1), "text": val})
        out += b
        pos = m.end()
    out += markup[pos:].encode("utf-8")
    return bytes(out), spans


def L(t, v):
    return "«%s|%s»" % (t, v)


def ch(seq):
    return R.choice(seq)


def digits(n):
    return "".join(str(R.randint(0, 9)) for _ in range(n))


# ---------------------------------------------------------------- check digits
def luhn_ok(s):
    tot = 0
    for i, c in enumerate(reversed(s)):
        d = int(c)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        tot += d
    return tot % 10 == 0


def luhn_digit(partial):
    for d in "0123456789":
        if luhn_ok(partial + d):
            return d


def npi(valid=True):
    base = ch("12") + digits(8)
    c = luhn_digit("80840" + base)
    if not valid:
        c = str((int(c) + R.randint(1, 9)) % 10)
    return base + c


def fold(s):
    import unicodedata
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if c.isascii() and c.isalpha())


def dea(last, valid=True):
    d = [R.randint(0, 9) for _ in range(6)]
    c = (d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5])) % 10
    if not valid:
        c = (c + R.randint(1, 9)) % 10
    init = (fold(last.split()[-1]) or "X")[0].upper()
    return ch("ABFGM") + init + "".join(map(str, d)) + str(c)


def ssn(fmt=None):
    while True:
        a = R.randint(1, 899)
        if a != 666:
            break
    g = R.randint(1, 99)
    s = R.randint(1, 9999)
    if (a, g, s) == (123, 45, 6789):
        s = 6790
    fmt = fmt or ch(["d", "d", "d", "s", "n"])
    if fmt == "d":
        return "%03d-%02d-%04d" % (a, g, s)
    if fmt == "s":
        return "%03d %02d %04d" % (a, g, s)
    return "%03d%02d%04d" % (a, g, s)


def bad_ssn():
    return ch(["000-%02d-%04d" % (R.randint(1, 99), R.randint(1, 9999)),
               "666-%02d-%04d" % (R.randint(1, 99), R.randint(1, 9999)),
               "9%02d-%02d-%04d" % (R.randint(0, 99), R.randint(1, 99), R.randint(1, 9999)),
               "%03d-00-%04d" % (R.randint(1, 665), R.randint(1, 9999)),
               "%03d-%02d-0000" % (R.randint(1, 665), R.randint(1, 99))])


def card(kind=None, valid=True, grouped=None):
    kind = kind or ch(["visa", "mc", "mc2", "amex", "disc"])
    if kind == "visa":
        p = "4" + digits(14)
    elif kind == "mc":
        p = "5" + str(R.randint(1, 5)) + digits(13)
    elif kind == "mc2":
        p = str(R.randint(2221, 2720)) + digits(11)
    elif kind == "amex":
        p = "3" + ch("47") + digits(12)
    else:
        p = "6011" + digits(11)
    c = luhn_digit(p)
    if not valid:
        c = str((int(c) + R.randint(1, 9)) % 10)
    n = p + c
    if grouped is None:
        grouped = R.random() < 0.6
    if grouped:
        sep = ch([" ", "-"])
        if len(n) == 15:
            return n[:4] + sep + n[4:10] + sep + n[10:]
        return sep.join(n[i:i + 4] for i in range(0, 16, 4))
    return n


VIN_CH = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
VIN_TR = dict(zip("ABCDEFGHJKLMNPRSTUVWXYZ", [1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 7, 9, 2, 3, 4, 5, 6, 7, 8, 9]))
VIN_W = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2]


def vin(valid=True):
    v = [ch("1234JKLSWYZ")] + [ch(VIN_CH) for _ in range(10)] + [str(R.randint(0, 9)) for _ in range(6)]
    tot = sum((int(c) if c.isdigit() else VIN_TR[c]) * w for c, w in zip(v, VIN_W))
    c = tot % 11
    cd = "X" if c == 10 else str(c)
    if not valid:
        cd = ch([x for x in "0123456789X" if x != cd])
    v[8] = cd
    return "".join(v)


MBI_A = "ACDEFGHJKMNPQRTUVWXY"


def mbi(dash=None):
    an = MBI_A + "0123456789"
    s = (str(R.randint(1, 9)) + ch(MBI_A) + ch(an) + str(R.randint(0, 9)) + ch(MBI_A) + ch(an)
         + str(R.randint(0, 9)) + ch(MBI_A) + ch(MBI_A) + str(R.randint(0, 9)) + str(R.randint(0, 9)))
    if dash if dash is not None else R.random() < 0.5:
        return s[:4] + "-" + s[4:7] + "-" + s[7:]
    return s


def imei():
    p = ch(["35", "86", "01", "99"]) + digits(12)
    return p + luhn_digit(p)


# ---------------------------------------------------------------- pools
FIRST = """Amara Chidi Ngozi Oluwaseun Kwame Abena Thandiwe Siddharth Priyanka Arjun Lakshmi Rahul Meera Hiroshi
Yuki Haruto Sakura Mei-Ling Wei Xiaoming Jae-won Min-jun Seo-yeon Thanh Nguyệt Bao Rosalind Beatrix Cormac Siobhán
Aoife Niamh Eoin Pádraig Søren Ingrid Bjørn Åsa Linnea Mikael Zoë Chloé Benoît Hélène Thérèse José María Inés
Joaquín Álvaro Ramón Graciela Xóchitl Itzel Guadalupe Yusuf Fatima Layla Omar Khalid Leila Dariush Shirin Giorgos
Eleni Dimitrios Zofia Małgorzata Wojciech Katarzyna Jiří Anežka Radu Ioana Gheorghe Tamar Yosef Miriam Avraham
Kalani Keoni Leilani Winona Bartholomew Eugenia Percival Wilhelmina Hollis Delphine Mercer Precious Blessing Ezinne
Darnell Latoya Tyrone Keisha Shanice Jamal Brittany Cody Dustin Krystal Bradley Heather Gertrude Wendell Marjorie
Esperanza Concepción Anh Dao Farhan Nasrin Tariq Aleksandr Svetlana Dmitri Oksana Yevgenia Tomasz Agnieszka
Ruairí Ciarán Mohammed Aisha Ifeoma Emeka Kofi Akosua Tenzin Pema Sione Malia Rangi Aroha""".split()
LAST = """Okonkwo Adeyemi Mensah Boateng Nwosu Dlamini Venkataraman Chakraborty Iyer Raghunathan Bhattacharya Nakamura
Takahashi Watanabe Zhao Huang Liang Park Choi Nguyễn Trần Phạm O'Sullivan MacAllister Fitzgerald Lindqvist Sørensen
Håkansson Østergaard Lefèvre Dubois Girard García-Márquez Núñez Peña Ibáñez Al-Rashid El-Amin Haddad Farahani
Papadopoulos Kowalczyk Wiśniewski Dvořák Novák Popescu Ionescu Ben-David Kahananui Begay Yazzie Whitehorse
Castellanos-Ruiz Smith-Okafor Washington Prewitt Blackwood Thistlewood Greenhalgh Underwood Kowalski Moreau Rossi
Esposito Bianchi D'Angelo McNamara Abernathy Quintero Villanueva Szabó Horváth Kovács Yilmaz Demir Öztürk Petrov
Ivanova Sokolov Mwangi Kamau Otieno Tshabalala Nkosi Achterberg Rasmussen Halvorsen Magnússon Fonseca Gonçalves
Brandão Ferreira Tanaka Hayashi Kobayashi Oyelaran Delacroix Featherstone Hargreaves Pemberton Ashworth""".split()
LAST_MULTI = ["van der Berg", "de la Cruz", "van Dijk", "de Vries", "Ní Bhriain", "St. John", "da Silva",
              "dos Santos", "Mac an tSaoi", "von Albrecht", "Le Roux", "bin Hassan", "Abu Bakr"]
MIDDLE = list("ABCDEFGHJKLMNPRSTW")

STREET_N = """Birchwood Tamarack Quail Run|Old Mill|Kestrel|Juniper|Larkspur|Cottonwood|Harbor View|Fenwick|Deer Hollow|
Ridgecrest|Sycamore|Magnolia|Wisteria|Dogwood|Chestnut Hill|Beacon|Ironwood|Sandpiper|Pheasant|Foxglove|Hawthorne|
Mesquite|Saguaro|Arroyo Seco|Bramblewood|Windmill|Stonegate|Blue Heron|Copper Creek|Elderberry|Gristmill|Lantern|
Millrace|Orchard Knoll|Pinecone|Red Fox|Silverbell|Thornapple|Whippoorwill|Yellowpine|Cranberry|Marsh Hawk"""
STREETS = [s.strip() for s in STREET_N.replace("Birchwood Tamarack ", "Birchwood|Tamarack|").split("|") if s.strip()]
SUFFIX = ["Lane", "Ln", "Court", "Ct", "Terrace", "Drive", "Dr", "Road", "Rd", "Way", "Circle", "Blvd", "Pkwy",
          "Trail", "Pike", "Loop", "Crossing", "Place", "Avenue", "Ave", "Street", "St", "Hollow", "Run"]
CITIES = [("Eau Claire", "WI"), ("Coeur d'Alene", "ID"), ("San Luis Obispo", "CA"), ("Española", "NM"),
          ("Walla Walla", "WA"), ("Winston-Salem", "NC"), ("Sault Ste. Marie", "MI"), ("Bozeman", "MT"),
          ("Kalamazoo", "MI"), ("Muncie", "IN"), ("Hilo", "HI"), ("Bangor", "ME"), ("Tuscaloosa", "AL"),
          ("Ypsilanti", "MI"), ("Poughkeepsie", "NY"), ("Chillicothe", "OH"), ("Natchitoches", "LA"),
          ("Brattleboro", "VT"), ("Flagstaff", "AZ"), ("Lubbock", "TX"), ("Dubuque", "IA"), ("Paducah", "KY"),
          ("Yakima", "WA"), ("Cheyenne", "WY"), ("Valdosta", "GA"), ("Pocatello", "ID"), ("Wichita Falls", "TX"),
          ("St. Cloud", "MN"), ("Grand Forks", "ND"), ("Laredo", "TX"), ("Missoula", "MT"), ("Scranton", "PA"),
          ("Joplin", "MO"), ("Mayagüez", "PR"), ("Kingsport", "TN"), ("Hagerstown", "MD"), ("Florence", "SC"),
          ("Gallup", "NM"), ("Ketchikan", "AK"), ("Oshkosh", "WI")]
ORGS = ["Tamarack Valley Health", "Bozeman Deaconess Clinic", "Saint Brigid Medical Center", "Riverbend Family Practice",
        "Kalamazoo Heart Institute", "Northern Pines Hospital", "Lakeshore Orthopaedic Group", "Mercy Ridge Hospital",
        "Cheyenne Regional Cancer Center", "High Desert Pathology Associates", "Laurel Hill Pharmacy"]
DOMAINS = ["gmail.com", "yahoo.com", "outlook.com", "proton.me", "icloud.com", "fastmail.fm", "comcast.net",
           "hotmail.co.uk", "aol.com", "gmx.de", "me.com"]
HOSP_DOM = ["tamarackhealth.org", "nphosp.org", "mercyridge.net", "hdpath.com", "riverbendfp.org"]
PAYERS = ["Aetna", "Cigna", "Humana", "UnitedHealthcare", "Blue Cross Blue Shield of Montana", "Medicare Part B",
          "Molina Healthcare", "Tricare West"]
ICD = [("E11.9", "type 2 diabetes mellitus without complications"), ("I10", "essential hypertension"),
       ("J45.909", "unspecified asthma, uncomplicated"), ("S72.001A", "fracture of right femoral neck, initial"),
       ("N18.30", "chronic kidney disease stage 3"), ("E78.5", "hyperlipidemia"), ("F32.9", "major depressive disorder"),
       ("K21.9", "GERD without esophagitis"), ("M54.50", "low back pain"), ("I48.91", "atrial fibrillation"),
       ("C34.90", "malignant neoplasm of lung"), ("C50.911", "malignant neoplasm of right female breast"),
       ("J44.1", "COPD with acute exacerbation"), ("N39.0", "urinary tract infection"), ("R07.9", "chest pain"),
       ("I25.10", "atherosclerotic heart disease"), ("F41.1", "generalized anxiety disorder"),
       ("G43.909", "migraine"), ("L40.0", "psoriasis vulgaris"), ("K50.90", "Crohn's disease"),
       ("D50.9", "iron deficiency anemia"), ("E03.9", "hypothyroidism"), ("S06.0X1A", "concussion with LOC"),
       ("W19.XXXA", "unspecified fall, initial"), ("Z79.4", "long-term insulin use"), ("E66.01", "morbid obesity"),
       ("K35.80", "acute appendicitis"), ("C18.7", "malignant neoplasm of sigmoid colon"), ("R55", "syncope"),
       ("A41.9", "sepsis, unspecified organism"), ("I63.9", "cerebral infarction"), ("O80", "normal delivery")]
CPT = ["99213", "99214", "99215", "80053", "85025", "93000", "71046", "36415", "81001", "44970", "27130", "88305"]
LOINC = ["2345-7", "4548-4", "718-7", "2160-0", "8480-6", "2093-3", "1742-6", "33914-3", "6690-2"]
NDC = ["0093-7146-56", "0378-0208-01", "60505-2578-3", "0781-1506-10", "68180-0513-03"]
DRUGS = ["metformin 500 mg", "lisinopril 10 mg", "atorvastatin 40 mg", "apixaban 5 mg", "levothyroxine 75 mcg",
         "sertraline 50 mg", "gabapentin 300 mg", "amoxicillin-clavulanate 875 mg", "furosemide 20 mg",
         "tamsulosin 0.4 mg", "insulin glargine 22 units", "ondansetron 4 mg"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
MON3 = [m[:3] for m in MONTHS]
NUMWORDS = {90: "ninety", 91: "ninety-one", 92: "ninety-two", 93: "ninety-three", 94: "ninety-four",
            95: "ninety-five", 96: "ninety-six", 97: "ninety-seven", 98: "ninety-eight", 99: "ninety-nine",
            100: "one hundred", 101: "one hundred and one"}


def ordinal(n):
    if 10 <= n % 100 <= 20:
        return "%dth" % n
    return "%d%s" % (n, {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th"))


class Dt:
    def __init__(self, y, m, d, hh=None, mm=None):
        self.y, self.m, self.d = y, m, d
        self.hh = R.randint(0, 23) if hh is None else hh
        self.mm = R.randint(0, 59) if mm is None else mm

    def f(self, fmt=None):
        y, m, d = self.y, self.m, self.d
        opts = {
            "us": "%02d/%02d/%04d" % (m, d, y), "us1": "%d/%d/%04d" % (m, d, y), "iso": "%04d-%02d-%02d" % (y, m, d),
            "long": "%s %d, %d" % (MONTHS[m - 1], d, y), "ord": "%s of %s %d" % (ordinal(d), MONTHS[m - 1], y),
            "dot": "%02d.%02d.%02d" % (d, m, y % 100), "dot4": "%02d.%02d.%04d" % (d, m, y),
            "mon": "%s %d" % (MON3[m - 1], d), "monord": "%s %s" % (MONTHS[m - 1], ordinal(d)),
            "dmy": "%d %s %d" % (d, MONTHS[m - 1], y), "dmon": "%d-%s-%d" % (d, MON3[m - 1], y),
            "short": "%d/%d/%02d" % (m, d, y % 100), "compact": "%04d%02d%02d" % (y, m, d),
            "ordlong": "%s %s, %d" % (MONTHS[m - 1], ordinal(d), y), "dmy3": "%02d %s %d" % (d, MON3[m - 1].upper(), y),
            "slash_eu": "%02d/%02d/%04d" % (d, m, y) if d > 12 else "%02d/%02d/%04d" % (m, d, y),
            "wk": "%s, %s %d" % (["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][
                __import__("datetime").date(y, m, d).weekday()], MONTHS[m - 1], d),
            "the": "the %s" % ordinal(d), "mdy_dash": "%02d-%02d-%04d" % (m, d, y),
        }
        if fmt is None:
            fmt = ch(["us", "us1", "iso", "long", "ord", "dot", "dmy", "dmon", "short",
                      "ordlong", "dmy3", "slash_eu", "mdy_dash", "dot4", "us", "long"])
        return opts[fmt]

    def hl7(self, t=True):
        return "%04d%02d%02d" % (self.y, self.m, self.d) + ("%02d%02d" % (self.hh, self.mm) if t else "")

    def isot(self):
        return "%04d-%02d-%02dT%02d:%02d:00%s" % (self.y, self.m, self.d, self.hh, self.mm, ch(["-05:00", "-07:00", "Z", "-06:00"]))


def rdate(y0=2019, y1=2025):
    return Dt(R.randint(y0, y1), R.randint(1, 12), R.randint(1, 28))


def phone(fmt=None):
    while True:
        a = "%d%02d" % (R.randint(2, 9), R.randint(0, 99))
        if a[1:] != "11" and a != "555":
            break
    while True:
        e = "%d%02d" % (R.randint(2, 9), R.randint(0, 99))
        if e != "555" and not e.endswith("11"):
            break
    n = digits(4)
    fmt = fmt or ch(["paren", "paren", "dash", "dot", "plus", "plusdash", "one", "plain", "space", "parenns"])
    return {"paren": "(%s) %s-%s", "dash": "%s-%s-%s", "dot": "%s.%s.%s", "plus": "+1 %s %s %s",
            "plusdash": "+1-%s-%s-%s", "one": "1-%s-%s-%s", "plain": "%s%s%s", "space": "%s %s %s",
            "parenns": "(%s)%s-%s", "e164": "+1%s%s%s"}[fmt] % (a, e, n)


def intl_phone():
    return ch(["+44 7%s %s" % (digits(3), digits(6)), "+49 30 %s %s" % (digits(4), digits(4)),
               "+33 6 %s %s %s %s" % (digits(2), digits(2), digits(2), digits(2)),
               "+52 55 %s %s" % (digits(4), digits(4)), "+91 98%s %s" % (digits(3), digits(5)),
               "+234 803 %s %s" % (digits(3), digits(4)), "+81 90-%s-%s" % (digits(4), digits(4))])


def public_ip():
    while True:
        a = ch([24, 47, 50, 63, 64, 67, 68, 69, 71, 73, 74, 75, 76, 96, 97, 98, 99, 107, 108, 136, 162, 173, 174])
        return "%d.%d.%d.%d" % (a, R.randint(0, 255), R.randint(0, 255), R.randint(1, 254))


def ipv6():
    return "2601:%x:%x:%x::%x" % (R.randint(0x100, 0xfff), R.randint(0x1000, 0xffff), R.randint(0x1000, 0xffff), R.randint(1, 0xfff))


def street():
    k = R.random()
    if k < 0.08:
        return "PO Box %d" % R.randint(10, 9999)
    if k < 0.12:
        return "P.O. Box %d" % R.randint(10, 999)
    if k < 0.16:
        return "RR %d Box %d" % (R.randint(1, 9), R.randint(10, 400))
    if k < 0.19:
        return "%d County Road %d" % (R.randint(100, 9999), R.randint(1, 90))
    if k < 0.22:
        return "%d %s Street %s" % (R.randint(10, 4999), ordinal(R.randint(2, 99)), ch(["NW", "SE", "N", "W"]))
    s = "%d %s%s %s" % (R.randint(1, 19999), ch(["", "", "", "N ", "S ", "East ", "W "]), ch(STREETS), ch(SUFFIX))
    if R.random() < 0.35:
        s += ch([", Apt %d%s" % (R.randint(1, 40), ch("ABCD")), " Unit %d" % R.randint(1, 300), ", #%d" % R.randint(1, 99),
                 ", Lot %d" % R.randint(1, 90), " Apt. %d" % R.randint(100, 999), ", Bldg %s Apt %d" % (ch("ABC"), R.randint(100, 330))])
    return s


def zipc():
    z = "%05d" % R.randint(1001, 99950)
    if R.random() < 0.2:
        z += "-%04d" % R.randint(1, 9999)
    return z


class Person:
    def __init__(self, old=False, clin=False):
        self.first = ch(FIRST)
        self.last = ch(LAST_MULTI) if R.random() < 0.12 else ch(LAST)
        if R.random() < 0.08 and "-" not in self.last and " " not in self.last:
            self.last += "-" + ch(LAST)
        self.mi = ch(MIDDLE)
        self.title = ch(["Mr.", "Ms.", "Mrs.", "Mx.", "Miss"])
        self.age = R.randint(90, 104) if old else R.randint(19, 88)
        y = 2025 - self.age
        self.dob = Dt(y, R.randint(1, 12), R.randint(1, 28))
        self.street = street()
        self.city, self.state = ch(CITIES)
        self.zip = zipc()
        self.phone = phone()
        user = ch(["%s.%s", "%s%s", "%s_%s%d" % ("%s", "%s", R.randint(1, 99))]) % (
            fold(self.first).lower(), fold(self.last).lower())
        self.email = user + "@" + (ch(HOSP_DOM) if clin else ch(DOMAINS))
        self.ssn = ssn()
        self.mrn = ch(["%08d" % R.randint(1, 99999999), "%s%07d" % (ch("KMTA"), R.randint(0, 9999999)),
                       "%d-%06d" % (R.randint(18, 25), R.randint(0, 999999)), "MR%06d" % R.randint(0, 999999),
                       "%07d" % R.randint(1000000, 9999999)])
        self.acct = ch(["%010d" % R.randint(10 ** 8, 10 ** 10 - 1), "A%09d" % R.randint(0, 10 ** 9 - 1),
                        "HAR%08d" % R.randint(0, 10 ** 8)])
        self.npi = npi()
        self.dea = dea(self.last)
        self.plan = ch([mbi(), "%s%09d" % (ch(["W", "XQH", "ZGP", "U"]), R.randint(0, 10 ** 9 - 1)),
                        "%03d%06d%02d" % (R.randint(100, 999), R.randint(0, 999999), R.randint(1, 9))])
        self.pid = "%x%s" % (R.randint(16, 255), digits(5))

    @property
    def full(self):
        return "%s %s" % (self.first, self.last)

    def name_variant(self):
        return ch([self.full, "%s %s. %s" % (self.first, self.mi, self.last), "%s, %s" % (self.last, self.first),
                   "%s %s" % (self.title, self.last), "%s %s" % (self.first[0] + ".", self.last),
                   "%s, %s %s." % (self.last.upper(), self.first.upper(), self.mi)])

    def lic(self):
        return ch(["%s%07d" % (ch("BDFKS"), R.randint(0, 9999999)), "%s%03d-%03d-%02d-%03d-%d" % (
            ch("SWDK"), R.randint(0, 999), R.randint(0, 999), R.randint(0, 99), R.randint(0, 999), R.randint(0, 9)),
                   "%03d %03d %03d" % (R.randint(100, 999), R.randint(0, 999), R.randint(0, 999))])


def plate():
    return ch(["%d%s%03d" % (R.randint(1, 9), "".join(ch("ABCDEFGHJKLMNPRSTVWXYZ") for _ in range(3)), R.randint(0, 999)),
               "%s-%04d" % ("".join(ch("ABCDEFGHJKLMNPRSTVWXYZ") for _ in range(3)), R.randint(0, 9999)),
               "%s %s" % ("".join(ch("ABCDEFGHJKLMNPRSTVWXYZ") for _ in range(3)), digits(3))])


def udi():
    return "(01)%s(17)%02d%02d%02d(10)%s(21)%s" % ("0" + digits(13), R.randint(26, 31), R.randint(1, 12), R.randint(1, 28),
                                                  ch("ABKL") + digits(4), ch("SNXR") + digits(6))


def serial():
    return ch(["%s%s%s" % (ch(["PJN", "RXL", "BTN", "NWK"]), digits(6), ch(["", "S", "H"])),
               "SN-%s-%s" % (digits(4), "".join(ch("ABCDEFGHJKLMNP") for _ in range(4))), imei()])


def biometric():
    return ch(["FP-%s-%s" % (digits(4), "".join(ch("0123456789abcdef") for _ in range(8))),
               "PV%s" % digits(9), "VPR-%s-%s" % (digits(6), ch("ABCDEF")), "IRIS%s" % digits(8),
               "FACE-TPL-%s" % digits(7)])


def accession():
    return ch(["S%02d-%05d" % (R.randint(19, 25), R.randint(1, 99999)), "SP-%d-%06d" % (R.randint(2019, 2025), R.randint(0, 999999)),
               "CYT%02d-%04d" % (R.randint(19, 25), R.randint(0, 9999)), "ACC%09d" % R.randint(0, 10 ** 9 - 1)])


def uuid():
    h = "".join(ch("0123456789abcdef") for _ in range(32))
    return "%s-%s-4%s-%s%s-%s" % (h[:8], h[8:12], h[13:16], ch("89ab"), h[17:20], h[20:32])


def sha(n=40):
    return "".join(ch("0123456789abcdef") for _ in range(n))


def semver():
    return "%d.%d.%d" % (R.randint(0, 9), R.randint(0, 30), R.randint(0, 60))


def systs():
    return "2026-%02d-%02dT%02d:%02d:%02d.%03dZ" % (R.randint(1, 11), R.randint(1, 28), R.randint(0, 23), R.randint(0, 59),
                                                  R.randint(0, 59), R.randint(0, 999))


def doc_ip():
    return ch(["192.0.2.%d", "198.51.100.%d", "203.0.113.%d", "10.20.%d.4", "172.16.4.%d", "192.168.1.%d", "127.0.0.%d"]) % R.randint(1, 254)


EPONYMS = ["Parkinson's disease", "Hodgkin lymphoma", "Alzheimer's disease", "Crohn's disease", "Graves' disease",
           "Hashimoto's thyroiditis", "Cushing syndrome", "Addison's disease", "Bell's palsy", "Tourette syndrome",
           "Guillain-Barré syndrome", "Asperger profile", "Kaposi sarcoma", "Wilms tumor", "Ewing sarcoma",
           "Raynaud phenomenon", "Huntington's disease", "Sjögren syndrome", "Down syndrome", "Apgar score",
           "Glasgow Coma Scale", "Babinski sign", "Murphy's sign", "Foley catheter", "Swan-Ganz catheter"]
PUBLIC = ["Florence Nightingale", "Alan Turing", "Grace Hopper", "Ada Lovelace", "Linus Torvalds", "Edsger Dijkstra",
          "Marie Curie", "Jonas Salk", "Louis Pasteur", "Donald Knuth"]
COMPANIES = ["Pfizer", "Medtronic", "Boston Scientific", "Abbott Laboratories", "Epic Systems", "Cerner", "Johnson & Johnson",
             "Philips Healthcare", "GE HealthCare", "Stryker", "Zimmer Biomet", "Becton Dickinson"]
PRODUCTS = ["the Maple Street UI kit", "Park Avenue theme", "the Sunset Boulevard color palette", "Baker Street ORM",
            "Elm Court design tokens", "Abbey Road audio plugin", "Madison Avenue font pack", "Harbor Drive CDN"]


# ---------------------------------------------------------------- label helpers
def N(x):
    return L("NAME", x)


def D(dt, fmt=None):
    return L("DATE", dt.f(fmt) if isinstance(dt, Dt) else dt)


def ADDR(p, sep=", "):
    return L("ADDRESS", p.street) + sep + L("ADDRESS", p.city) + ", " + p.state + " " + L("ZIP", p.zip)


def DR(p):
    return ch(["Dr. ", "Dr ", "DR. "]) + N(ch([p.full, "%s %s. %s" % (p.first, p.mi, p.last), p.last]))


def CLIN(p):
    return N(p.full) + ", " + ch(["MD", "DO", "NP", "PA-C", "RN", "PharmD", "MSW, LCSW", "CRNA"])


def AGE_OLD(p):
    a = p.age
    return ch(["%s-year-old" % L("AGE", a), "%s y/o" % L("AGE", a), "%s yo" % L("AGE", a),
               "aged %s" % L("AGE", a), "age %s" % L("AGE", a), "%syo" % L("AGE", a),
               "aged %s" % L("AGE", NUMWORDS.get(a, str(a)))])


def AGE_ANY(p):
    if p.age > 89:
        return AGE_OLD(p)
    return ch(["%d-year-old" % p.age, "%d y/o" % p.age, "%d yo" % p.age, "aged %d" % p.age])


def icd():
    return ch(ICD)


# ---------------------------------------------------------------- prose templates
def soap():
    p = Person(old=R.random() < 0.3)
    c = Person(clin=True)
    v = rdate(2023, 2025)
    dx1, dx2 = icd(), icd()
    s = "%s\n" % ch(["SOAP NOTE", "Clinic Visit - SOAP", "Outpatient Progress (SOAP format)"])
    s += "Pt: %s   DOB: %s   MRN %s\n" % (N(p.name_variant()), D(p.dob), L("MRN", p.mrn))
    s += "Seen %s by %s\n\n" % (D(v), DR(c))
    s += "S: %s is a %s %s presenting with %s for %d days. %s\n" % (
        N(p.title + " " + p.last), AGE_ANY(p), ch(["woman", "man", "patient"]),
        ch(["worsening dyspnea", "intermittent chest tightness", "low back pain radiating to L leg", "fatigue and polyuria",
            "productive cough", "dizziness on standing"]), R.randint(2, 20),
        ch(["Daughter %s accompanies." % N(Person().first), "Lives alone in %s since %d." % (L("ADDRESS", p.city), R.randint(1980, 2015)),
            "Reports last similar episode around %s." % D(rdate(2020, 2023)), "Denies fever."]))
    s += "O: BP %d/%d, HR %d, SpO2 %d%%, T %.1f °F, wt %d lb. Na 13%d, Cr 1.%d (LOINC 2160-0).\n" % (
        R.randint(100, 170), R.randint(60, 100), R.randint(55, 110), R.randint(88, 99), R.uniform(97, 101.5), R.randint(110, 260),
        R.randint(0, 9), R.randint(0, 9))
    s += "A: 1) %s (%s)  2) %s, ICD-10 %s\n" % (dx1[1], L("ICD10", dx1[0]), dx2[1], L("ICD10", dx2[0]))
    s += "P: Continue %s. Start %s. Return visit on %s; call %s with questions. Billed %s.\n" % (
        ch(DRUGS), ch(DRUGS), D(rdate(2025, 2026), ch(["monord", "mon", "ord", "long"])), L("PHONE", p.phone), ch(CPT))
    s += "\n-- %s, %s\n" % (CLIN(c), D(v, ch(["us", "iso", "dot4"])))
    return "txt", s


def operative():
    p = Person(old=R.random() < 0.25)
    s1, s2, an = Person(), Person(), Person()
    d = rdate(2022, 2025)
    dx = icd()
    dev = ch(["udi", "serial"])
    s = "OPERATIVE REPORT\n%s\n\n" % ch(ORGS)
    s += "Patient name: %s\nMedical record no.: %s\nDate of birth: %s\nDate of operation: %s\n" % (
        N("%s, %s" % (p.last.upper(), p.first.upper())), L("MRN", p.mrn), D(p.dob), D(d))
    s += "Surgeon: %s\nAssistant: %s\nAnesthesia: general, by %s\n\n" % (
        DR(s1), N(s2.full) + ", PA-C", DR(an))
    s += "PREOPERATIVE DIAGNOSIS: %s (%s)\nPOSTOPERATIVE DIAGNOSIS: same\nPROCEDURE: %s (CPT %s)\n\n" % (
        dx[1].capitalize(), L("ICD10", dx[0]), ch(["laparoscopic appendectomy", "right total hip arthroplasty",
                                                     "dual-chamber pacemaker implantation", "sigmoid colectomy"]), ch(CPT))
    s += ("INDICATIONS: The patient is a %s with a history of %s. Risks, benefits and alternatives were discussed with "
          "the patient and %s (%s), who signed consent on %s.\n\n") % (
        AGE_ANY(p), ch(EPONYMS), ch(["her son", "his wife", "the niece", "the health-care proxy"]) + " " + N(Person().full),
        L("PHONE", phone()), D(d, ch(["mon", "monord", "the", "us"])))
    if dev == "udi":
        s += "IMPLANT: %s model X-%d, UDI %s, lot %s.\n" % (ch(COMPANIES[:4] + ["Stryker"]), R.randint(100, 999), L("DEVICE", udi()), digits(6))
    else:
        s += "IMPLANT: generator serial no. %s; leads %s and %s.\n" % (L("DEVICE", serial()), L("DEVICE", serial()), L("DEVICE", serial()))
    s += "EBL %d mL. Specimen to pathology, accession %s. Counts correct x2.\n\n" % (R.randint(5, 600), L("OTHER_ID", accession()))
    s += "Dictated by %s %s %s. Transcribed %s.\n" % (DR(s1), ch(["on", ""]), D(d, "us"), systs())
    return "txt", s


def pathology():
    p = Person(old=R.random() < 0.3)
    path, ref = Person(), Person()
    coll = rdate(2022, 2025)
    rec = Dt(coll.y, coll.m, min(coll.d + 1, 28))
    dx = ch([x for x in ICD if x[0][0] in "CDK"] or ICD)
    s = "%s\nSURGICAL PATHOLOGY REPORT\n\n" % ch(["High Desert Pathology Associates", "Department of Anatomic Pathology"])
    s += "Accession #: %s\nPatient: %s\nSex/Age: %s/%s\nDOB: %s\nMR#: %s\n" % (
        L("OTHER_ID", accession()), N("%s, %s %s." % (p.last, p.first, p.mi)), ch("FM"),
        (L("AGE", p.age) if p.age > 89 else str(p.age)), D(p.dob, ch(["us", "dmon", "dmy3"])), L("MRN", p.mrn))
    s += "Collected: %s   Received: %s\nSubmitting physician: %s (NPI %s)\n\n" % (
        D(coll), D(rec), DR(ref), L("NPI", ref.npi))
    s += ("SPECIMEN: %s\nGROSS: Received in formalin labeled with the patient's name and medical record number is a "
          "%.1f x %.1f x %.1f cm tan-pink fragment. Block %s.\n") % (
        ch(["Sigmoid colon, segmental resection", "Right breast, core biopsy", "Skin, left forearm, shave",
            "Lymph node, right axilla, excision"]), R.uniform(0.2, 15), R.uniform(0.2, 9), R.uniform(0.1, 4), ch(["A1", "B2", "A3-A6"]))
    s += "MICROSCOPIC: Sections show %s. Ki-67 %d%%; ER %d%%.\n" % (ch(["invasive ductal carcinoma, grade 2", "moderately differentiated adenocarcinoma",
                                                                    "reactive follicular hyperplasia; no features of Hodgkin lymphoma",
                                                                    "basal cell carcinoma, nodular type"]), R.randint(1, 90), R.randint(0, 100))
    s += "DIAGNOSIS CODE: %s\n\nElectronically signed: %s, %s %s\n" % (
        L("ICD10", dx[0]), N(path.full), ch(["MD", "MD, PhD", "DO"]), D(Dt(rec.y, rec.m, min(rec.d + 2, 28)), ch(["us", "long", "ord"])))
    return "txt", s


def pharmacy():
    p = Person(old=R.random() < 0.25)
    pr = Person()
    ph = Person()
    d = rdate(2024, 2025)
    s = "%s - Pharmacist Note\n" % ch(["Laurel Hill Pharmacy", "Inpatient Pharmacy", "Anticoagulation Clinic"])
    s += "%s\n\n" % D(d, ch(["wk", "long", "dmy"]))
    s += "Patient %s (DOB %s, %s) %s.\n" % (N(p.full), D(p.dob), AGE_ANY(p), ch([
        "called regarding a refill", "was counselled at discharge", "presented a new prescription"]))
    s += "Prescriber: %s, NPI %s, DEA %s, state license %s.\n" % (
        DR(pr), L("NPI", pr.npi), L("DEA", pr.dea), pr.state + " " + L("LICENSE", ch(["MD%06d" % R.randint(0, 999999), "%06d" % R.randint(0, 999999), "ME-%05d" % R.randint(0, 99999)])))
    s += "Rx: %s, #%d, refills %d. NDC %s.\n" % (ch(DRUGS), R.randint(14, 90), R.randint(0, 5), ch(NDC))
    s += "INR today %.1f (goal 2-3). Next INR check %s.\n" % (R.uniform(1.1, 4.2), D(rdate(2025, 2026), ch(["monord", "mon", "the"])))
    s += "Insurance: %s, member ID %s, group %s.\n" % (ch(PAYERS), L("HEALTH_PLAN", p.plan), "GRP-%d" % R.randint(1000, 9999))
    s += "Paid copay with card ending %s.\n" % digits(4) if R.random() < 0.5 else "Card on file: %s exp %02d/%02d.\n" % (L("CREDIT_CARD", card()), R.randint(1, 12), R.randint(26, 31))
    s += "Delivery to %s.\nContact: %s or %s\n\n%s, %s\n" % (
        ADDR(p), L("PHONE", p.phone), L("EMAIL", p.email), N(ph.full), ch(["PharmD", "RPh", "PharmD, BCPS"]))
    return "txt", s


def clin_email():
    a, b, p = Person(clin=True), Person(clin=True), Person(old=R.random() < 0.3)
    d = rdate(2024, 2025)
    s = "From: %s <%s>\nTo: %s <%s>\nDate: %s\nSubject: %s\n\n" % (
        N(a.full), L("EMAIL", a.email), N(b.full), L("EMAIL", b.email),
        "Tue, %d %s 2026 %02d:%02d:11 -0500" % (R.randint(1, 28), ch(MON3), R.randint(7, 19), R.randint(0, 59)),
        ch(["Re: shared patient", "curbside question", "FW: discharge planning", "handoff for the weekend"]))
    s += "Hi %s,\n\n" % N(b.first)
    s += ("Quick one about %s (%s). %s was admitted %s with %s and %s. Family contact is %s at %s. "
          "Home address on file: %s. ") % (
        N(p.full), "MRN " + L("MRN", p.mrn), ch(["She", "He", "They"]), D(rdate(2025, 2025), ch(["mon", "monord", "ord", "us1"])),
        ch(EPONYMS[:6]).lower() if R.random() < 0.3 else ch(ICD)[1], ch(["AKI", "hyponatremia", "a fall"]),
        N(Person().full), L("PHONE", phone()), L("ADDRESS", p.street) + ", " + L("ADDRESS", p.city))
    s += "Patient is %s, so goals-of-care talk is overdue.\n\n" % AGE_OLD(p) if p.age > 89 else "Patient is %d.\n\n" % p.age
    s += "Can you see %s in clinic on %s? My cell is %s, pager %d.\n\n" % (
        ch(["her", "him", "them"]), D(rdate(2025, 2026), ch(["wk", "monord", "mon", "dot"])), L("PHONE", a.phone), R.randint(1000, 9999))
    s += "Thanks,\n%s\n%s\n" % (N(a.first), ch(ORGS))
    s += "Fax %s | %s\n" % (L("FAX", phone()), "https://www.%s/clinics" % ch(HOSP_DOM))
    return "eml", s


def patient_letter():
    p = Person(old=R.random() < 0.2)
    c = Person()
    d = rdate(2024, 2025)
    s = "%s\n%s\n\n%s\n\n" % (ch(ORGS), L("ADDRESS", "%d Medical Pkwy, Suite %d" % (R.randint(100, 999), R.randint(100, 400))), D(d, ch(["long", "dmy", "ordlong"])))
    s += "%s\n%s\n%s, %s %s\n\n" % (N("%s %s" % (p.title, p.full)), L("ADDRESS", p.street), L("ADDRESS", p.city), p.state, L("ZIP", p.zip))
    s += "RE: %s, date of birth %s, account %s\n\n" % (N(p.full), D(p.dob), L("ACCOUNT", p.acct))
    s += "Dear %s,\n\n" % N(ch([p.title + " " + p.last, p.first]))
    k = R.randint(0, 2)
    if k == 0:
        s += "Your results from %s are back and your HbA1c was %.1f%%. We would like to see you on %s at 10:15 AM.\n" % (
            D(rdate(2024, 2025)), R.uniform(5, 11), D(rdate(2025, 2026), ch(["monord", "wk", "ord"])))
    elif k == 1:
        s += "Thank you for visiting us on %s. Your biopsy (accession %s) was benign. A follow-up scan is booked for %s.\n" % (
            D(rdate(2024, 2025), ch(["the", "mon", "monord"])), L("OTHER_ID", accession()), D(rdate(2025, 2026), ch(["long", "dmy"])))
    else:
        s += "This letter confirms that your care moved to our practice on %s. Your Medicare number %s is on file.\n" % (
            D(rdate(2024, 2025)), L("HEALTH_PLAN", mbi()))
    s += ("If you have questions call %s (or %s after hours). Our portal: %s\n\nSincerely,\n\n%s\n%s\n") % (
        L("PHONE", phone() + ch([" ext. %d" % R.randint(100, 999), " x%d" % R.randint(10, 99), ""])),
        L("PHONE", phone()), L("URL", "https://portal.%s/p/%s/messages" % (ch(HOSP_DOM), p.mrn)),
        CLIN(c), ch(["Internal Medicine", "Endocrinology", "Dermatology"]))
    return "txt", s


def appeal():
    p = Person(old=R.random() < 0.25)
    c = Person()
    d = rdate(2024, 2025)
    claim = "CLM%s" % digits(10)
    s = "%s\nAppeals Department\nPO Box %d\n%s\n\n" % (ch(PAYERS), R.randint(1000, 99999), "Louisville, KY 40201")
    s += "%s\n\nRE: Level 1 appeal of denied claim %s\nMember: %s\nMember ID: %s\nDOB: %s\nDate(s) of service: %s - %s\n\n" % (
        D(d, "long"), L("ACCOUNT", claim), N(p.full), L("HEALTH_PLAN", p.plan), D(p.dob),
        D(rdate(2024, 2024), "us"), D(rdate(2024, 2024), "us"))
    s += ("To whom it may concern,\n\nI am writing on behalf of my patient, %s, who is %s and has %s (%s) and %s. "
          "The denial dated %s cited lack of medical necessity for CPT %s. ") % (
        N(p.title + " " + p.last), AGE_ANY(p), ch(ICD)[1], L("ICD10", ch(ICD)[0]), ch(["failed two prior therapies", "was hospitalised twice"]),
        D(rdate(2024, 2025), ch(["ord", "dmy", "dot4"])), ch(CPT))
    s += "Prior treatment with %s began %s and was stopped on %s because of %s.\n\n" % (
        ch(DRUGS), D(rdate(2021, 2023), ch(["mon", "long", "monord"])), D(rdate(2023, 2024)), ch(["angioedema", "renal decline", "rash"]))
    s += "Please contact my office at %s (fax %s).\n\nRespectfully,\n%s\nNPI %s\n%s\n" % (
        L("PHONE", phone()), L("FAX", phone()), CLIN(c), L("NPI", c.npi), "%s, %s %s" % (L("ADDRESS", c.street), L("ADDRESS", c.city), L("ZIP", c.zip)))
    return "txt", s


def telehealth():
    p = Person(old=R.random() < 0.3)
    c = Person()
    d = rdate(2024, 2025)
    s = "Telehealth visit transcript (auto-generated, edited)\nSession %s | started %s\n" % (uuid(), L("DATE", systs()))
    s += "Participants: %s (clinician), %s (patient)%s\nPatient connected from %s\n\n" % (
        DR(c), N(p.full), ch(["", ", %s (caregiver)" % N(Person().full)]), L("IP", ch([public_ip(), ipv6()])))
    lines = [
        ("C", "Can you confirm your full name and date of birth?"),
        ("P", "Sure, it's %s, born %s." % (N(p.full), D(p.dob, ch(["long", "ord", "monord", "dmy"]))) if True else ""),
        ("C", "And the best number to reach you?"),
        ("P", "My cell, %s. Or my landline %s." % (L("PHONE", p.phone), L("PHONE", phone()))),
        ("C", "Still at %s?" % L("ADDRESS", p.street)),
        ("P", "Yes, still in %s. Zip is %s." % (L("ADDRESS", p.city), L("ZIP", p.zip))),
        ("C", "How have you been since we spoke on %s?" % D(rdate(2025, 2025), ch(["mon", "monord", "the"]))),
        ("P", ch(["The swelling is better but I'm tired.", "I had one fall last %s. My neighbour %s found me." % (ch(["Tuesday", "week"]), N(Person().first))])),
    ]
    if p.age > 89:
        lines.append(("P", "Not bad for %s, I'd say." % AGE_OLD(p)))
    lines.append(("C", "I'll send the prescription to the pharmacy and book you for %s." % D(rdate(2025, 2026), ch(["wk", "monord", "ord"]))))
    for who, t in lines:
        s += "[%02d:%02d] %s: %s\n" % (R.randint(0, 30), R.randint(0, 59), "Clinician" if who == "C" else "Patient", t)
    return "txt", s


def incident():
    p = Person(old=R.random() < 0.35)
    rn, wit = Person(), Person()
    d = rdate(2024, 2025)
    s = "SAFETY EVENT REPORT #%d\nFiled: %s by %s\n\n" % (R.randint(10000, 99999), L("DATE", systs()), CLIN(rn))
    s += "Event date/time: %s %02d:%02d\nLocation: %s, Room %d%s\n" % (D(d), R.randint(0, 23), R.randint(0, 59), ch(["4 West", "ICU", "ED bay"]),
                                                                 R.randint(100, 699), ch("AB"))
    s += "Person affected: %s, %s, MRN %s, room phone %s\n\n" % (N(p.name_variant()), AGE_ANY(p), L("MRN", p.mrn), L("PHONE", phone()))
    s += ("Description: At approximately %02d%02d the patient was found on the floor beside the bed. %s (%s) "
          "witnessed the fall. Bed alarm was off. Patient scored %d on the Morse scale. "
          "Visit #%s. Code %s applied.\n") % (R.randint(0, 23), R.randint(0, 59), N(wit.full), ch(["CNA", "sitter", "RN"]),
                                                R.randint(25, 95), L("ACCOUNT", "%d" % R.randint(10 ** 7, 10 ** 9)), L("ICD10", "W19.XXXA"))
    s += "Family notified: %s, %s, reached at %s.\n" % (N(Person().full), ch(["son", "daughter", "spouse", "niece"]), L("PHONE", phone()))
    s += "Employee ID of reporter: %s\n" % L("OTHER_ID", "E%06d" % R.randint(0, 999999))
    return "txt", s


def chat_export():
    p = Person(old=R.random() < 0.25)
    a, b = Person(), Person()
    d = rdate(2025, 2025)
    s = "# exported from #%s on %s\n" % (ch(["4west-charge", "hospitalist-team", "onc-nav"]), systs()[:10])
    def ts():
        return "[%02d:%02d]" % (R.randint(6, 22), R.randint(0, 59))
    ua, ub = N("%s %s." % (a.first, a.last[0])), N("%s %s." % (b.first, b.last[0]))
    s += "%s %s: anyone seen the pt in 12? %s, %s\n" % (ts(), ua, N(p.last.upper() + ", " + p.first), ch(["dob " + D(p.dob, ch(["short", "us", "dot"])), "mrn " + L("MRN", p.mrn)]))
    s += "%s %s: yeah %s is refusing the %s. daughter %s wants a call back %s\n" % (
        ts(), ub, N(p.first), ch(["CT", "foley", "lovenox"]), N(Person().first), L("PHONE", phone(ch(["dot", "plain", "dash"]))))
    s += "%s %s: ok. fyi %s's new address is %s, %s\n" % (ts(), ua, N(p.first), L("ADDRESS", p.street), L("ADDRESS", p.city))
    s += "%s %s: d/c planned %s, ride with %s\n" % (ts(), ub, D(d, ch(["mon", "monord", "the", "short"])), ch(["medicaid cab", "her son"]))
    if p.age > 89:
        s += "%s %s: she's %s!! sharp as a tack\n" % (ts(), ua, L("AGE", p.age))
    s += "%s %s: :thumbsup: also pls note tx-bot v%s is down, use 555-0142 for IT\n" % (ts(), ub, semver())
    return "txt", s


PROSE = [soap, operative, pathology, pharmacy, clin_email, patient_letter, appeal, telehealth, incident, chat_export]


# ---------------------------------------------------------------- code/data templates
def sq(x):  # SQL escaping
    return x.replace("'", "''")


def js1(x):
    return x.replace("'", "\\'")


def py_src():
    pts = [Person(old=R.random() < 0.2) for _ in range(R.randint(2, 3))]
    s = '"""Seed data for the discharge-summary renderer tests (v%s)."""\nimport datetime as dt\nfrom dataclasses import dataclass\n\n' % semver()
    k = R.randint(0, 2)
    if k == 0:
        s += "PATIENTS = [\n"
        for p in pts:
            s += '    {"given": "%s", "family": "%s", "dob": dt.date(%s), "ssn": "%s",\n     "mrn": "%s", "addr": {"line": "%s", "city": "%s", "state": "%s", "zip": "%s"},\n     "phone": "%s", "age": %s},\n' % (
                N(p.first), N(p.last), L("DATE", "%d, %d, %d" % (p.dob.y, p.dob.m, p.dob.d)), L("SSN", p.ssn), L("MRN", p.mrn),
                L("ADDRESS", p.street), L("ADDRESS", p.city), p.state, L("ZIP", p.zip), L("PHONE", p.phone),
                L("AGE", p.age) if p.age > 89 else p.age)
        s += "]\n\nREQUEST_ID = \"%s\"\nTIMEOUT_S = 30\nPORT = 8443\n" % uuid()
    elif k == 1:
        s += "@dataclass\nclass Patient:\n    name: str\n    birth: str\n    npi_of_pcp: str\n    email: str\n\n\ndef test_render_header(renderer):\n"
        for i, p in enumerate(pts):
            s += '    p%d = Patient(name="%s", birth="%s", npi_of_pcp="%s", email="%s")\n' % (
                i, N(p.full), D(p.dob, ch(["iso", "us"])), L("NPI", Person().npi), L("EMAIL", p.email))
        s += '    out = renderer.render(p0, visit_date="%s")\n    assert "%s" in out\n' % (D(rdate(2024, 2025), "iso"), N(pts[0].last))
        s += '    assert out.count("\\n") == %d  # built %s\n' % (R.randint(5, 40), systs())
    else:
        s += "# ETL tuple rows: (last, first, dob, icd, member_id, card)\nROWS = [\n"
        for p in pts:
            s += '    ("%s", "%s", "%s", "%s", "%s", "%s"),\n' % (N(p.last.lower() if R.random() < 0.4 else p.last),
                                                            N(p.first.lower() if R.random() < 0.4 else p.first),
                                                            D(p.dob, ch(["iso", "compact", "us"])), L("ICD10", ch(ICD)[0]),
                                                            L("HEALTH_PLAN", p.plan), L("CREDIT_CARD", card(grouped=False)))
        s += "]\n# commit %s\n" % sha()
    return "py", s


def js_src():
    p, c = Person(old=R.random() < 0.2), Person()
    s = "// mock API responses for portal e2e (%s)\n'use strict';\nconst nock = require('nock');\n\n" % semver()
    s += "const patient = {\n  id: '%s',\n  name: { first: '%s', last: '%s' },\n  birthDate: '%s',\n  contact: { mobile: '%s', email: '%s' },\n" % (
        L("OTHER_ID", p.pid), N(js1(p.first)), N(js1(p.last)), D(p.dob, ch(["iso", "us"])), L("PHONE", p.phone), L("EMAIL", p.email))
    s += "  home: `%s, %s, %s %s`,\n  cacheBuiltAt: '%s', lastLoginIp: '%s',\n  pcp: 'Dr. %s',\n};\n\n" % (
        L("ADDRESS", p.street), L("ADDRESS", p.city), p.state, L("ZIP", p.zip), systs(), L("IP", public_ip()), N(js1(c.full)))
    s += "nock('https://api.%s')\n  .get('/v2/patients?mrn=%s&dob=%s')\n  .reply(200, { ok: true, requestId: '%s' });\n\n" % (
        ch(HOSP_DOM), L("MRN", p.mrn), L("DATE", p.dob.f("iso")), uuid())
    s += "test('renders %s', () => {\n  expect(fmtName(patient)).toBe('%s');\n  expect(card.mask('%s')).toMatch(/\\*{4}/);\n});\n" % (
        ch(["header", "banner"]), N(js1("%s, %s" % (p.last, p.first))), L("CREDIT_CARD", card()))
    return "js", s


def go_src():
    ps = [Person(old=R.random() < 0.2) for _ in range(2)]
    s = "package intake\n\nimport (\n\t\"testing\"\n\t\"time\"\n)\n\n// fixtures; generated at build %s, schema v%s\nvar fixtures = []Patient{\n" % (systs(), semver())
    for p in ps:
        s += "\t{\n\t\tGiven:  \"%s\",\n\t\tFamily: \"%s\",\n\t\tDOB:    time.Date(%s, 0, 0, 0, 0, time.UTC),\n\t\tSSN:    \"%s\",\n\t\tPhone:  \"%s\",\n\t\tAddr:   Address{Line1: \"%s\", City: \"%s\", State: \"%s\", Zip: \"%s\"},\n\t\tPlate:  \"%s\",\n\t},\n" % (
            N(p.first), N(p.last), L("DATE", "%d, %d, %d" % (p.dob.y, p.dob.m, p.dob.d)), L("SSN", p.ssn), L("PHONE", p.phone),
            L("ADDRESS", p.street), L("ADDRESS", p.city), p.state, L("ZIP", p.zip), L("VEHICLE", plate()))
    s += "}\n\nfunc TestLookup(t *testing.T) {\n\tgot := Lookup(\"%s\")\n\tif got.VIN != \"%s\" {\n\t\tt.Fatalf(\"vin mismatch on port %d\")\n\t}\n\tlog.Printf(\"patient=%s npi=%s\")\n}\n" % (
        L("MRN", ps[0].mrn), L("VEHICLE", vin()), R.choice([8080, 9090, 50051]), N(ps[1].full), L("NPI", npi()))
    return "go", s


def ruby_src():
    p, c = Person(old=R.random() < 0.3), Person()
    s = "# frozen_string_literal: true\n# spec/factories/patients.rb  (rails %s)\nFactoryBot.define do\n  factory :patient do\n" % semver()
    s += "    first_name { '%s' }\n    last_name  { '%s' }\n    born_on    { Date.new(%s) }\n    mrn        { '%s' }\n    drivers_license { '%s' }\n" % (
        N(js1(p.first)), N(js1(p.last)), L("DATE", "%d, %d, %d" % (p.dob.y, p.dob.m, p.dob.d)), L("MRN", p.mrn), L("LICENSE", p.lic()))
    s += "    street     { '%s' }\n    city       { '%s' }\n    postal     { '%s' }\n    age        { %s }\n  end\nend\n\n" % (
        L("ADDRESS", js1(p.street)), L("ADDRESS", js1(p.city)), L("ZIP", p.zip), L("AGE", p.age) if p.age > 89 else p.age)
    s += "RSpec.describe Referral do\n  it 'routes to the cardiologist' do\n    ref = Referral.new(to: { name: '%s', npi: '%s', dea: '%s' }, dx: %%w[%s %s])\n" % (
        N(js1(c.full)), L("NPI", c.npi), L("DEA", c.dea), L("ICD10", ch(ICD)[0]), L("ICD10", ch(ICD)[0]))
    s += "    expect(ref.fax).to eq('%s')\n    expect(ref.sent_at).to be > Time.parse('%s')\n  end\nend\n" % (L("FAX", phone()), systs())
    return "rb", s


def rust_src():
    p = Person(old=R.random() < 0.2)
    s = "//! Claims batch fixtures. crate version %s\nuse chrono::NaiveDate;\n\n#[cfg(test)]\nmod tests {\n    use super::*;\n\n    fn sample() -> Claim {\n        Claim {\n" % semver()
    s += "            member_id: String::from(\"%s\"),\n            subscriber: Name { given: \"%s\".into(), family: \"%s\".into() },\n" % (
        L("HEALTH_PLAN", p.plan), N(p.first), N(p.last))
    s += "            dob: NaiveDate::from_ymd_opt(%s).unwrap(),\n            service: NaiveDate::from_ymd_opt(%s).unwrap(),\n" % (
        L("DATE", "%d, %d, %d" % (p.dob.y, p.dob.m, p.dob.d)), L("DATE", "%d, %d, %d" % (2025, R.randint(1, 12), R.randint(1, 28))))
    s += "            claim_no: \"%s\".to_string(),\n            dx: vec![\"%s\", \"%s\"],\n            cpt: vec![\"%s\"],\n            billing_npi: %s,\n        }\n    }\n" % (
        L("ACCOUNT", "CLM-%s" % digits(9)), L("ICD10", ch(ICD)[0]), L("ICD10", ch(ICD)[0]), ch(CPT), L("NPI", npi()))
    s += "\n    #[test]\n    fn luhn_of_card() {\n        assert!(luhn(\"%s\"));\n        assert!(!luhn(\"%s\"));\n    }\n}\n" % (
        L("CREDIT_CARD", card(grouped=False)), card(valid=False, grouped=False))
    return "rs", s


def kotlin_src():
    ps = [Person(old=R.random() < 0.25) for _ in range(2)]
    s = "package org.example.intake\n\nimport java.time.LocalDate\n\n// Sample data for the Android intake form (build %s)\ndata class Pt(val name: String, val dob: LocalDate, val phone: String, val email: String, val ip: String)\n\nval samples = listOf(\n" % systs()
    for p in ps:
        s += "    Pt(\"%s\", LocalDate.of(%s), \"%s\", \"%s\", \"%s\"),\n" % (
            N(p.full), L("DATE", "%d, %d, %d" % (p.dob.y, p.dob.m, p.dob.d)), L("PHONE", phone(ch(["e164", "plus", "dash"]))), L("EMAIL", p.email),
            L("IP", ch([public_ip(), ipv6()])))
    s += ")\n\nval implant = mapOf(\"serial\" to \"%s\", \"udi\" to \"%s\", \"model\" to \"Azure XT DR\")\nval iris = \"%s\"\n" % (
        L("DEVICE", serial()), L("DEVICE", udi()), L("BIOMETRIC", biometric()))
    return "kt", s


def php_src():
    p, c = Person(old=R.random() < 0.2), Person()
    s = "<?php\n// legacy intake import - do not run in prod (php %s)\n$rows = [\n" % ch(["8.1", "7.4"])
    s += "    ['nombre' => '%s', 'apellido' => '%s', 'fecha_nac' => '%s', 'tel' => '%s', 'correo' => '%s',\n     'direccion' => '%s', 'ciudad' => '%s', 'cp' => '%s', 'ssn' => '%s'],\n" % (
        N(js1(p.first)), N(js1(p.last)), D(p.dob, ch(["slash_eu", "iso", "dot4"])), L("PHONE", ch([intl_phone(), p.phone])), L("EMAIL", p.email),
        L("ADDRESS", js1(p.street)), L("ADDRESS", js1(p.city)), L("ZIP", p.zip), L("SSN", p.ssn))
    s += "];\n$medico = \"Dr. %s\"; // DEA %s\n$pass = '%s'; // passport\n$log->info(\"imported {$rows[0]['nombre']} at %s\");\n" % (
        N(c.full), L("DEA", c.dea), L("OTHER_ID", ch("ABCX") + digits(8)), systs())
    return "php", s


def sql_src():
    ps = [Person(old=R.random() < 0.2) for _ in range(R.randint(2, 4))]
    s = "-- migration 2026_%02d_%02d_%06d_seed_demo_patients.sql\nBEGIN;\nINSERT INTO patients (mrn, last_name, first_name, birth_date, ssn, phone, street, city, state, zip, email) VALUES\n" % (
        R.randint(1, 11), R.randint(1, 28), R.randint(0, 999999))
    rows = []
    for p in ps:
        rows.append("  ('%s', '%s', '%s', DATE '%s', '%s', '%s', '%s', '%s', '%s', '%s', '%s')" % (
            L("MRN", p.mrn), N(sq(p.last)), N(sq(p.first)), L("DATE", p.dob.f("iso")), L("SSN", p.ssn), L("PHONE", p.phone),
            L("ADDRESS", sq(p.street)), L("ADDRESS", sq(p.city)), p.state, L("ZIP", p.zip), L("EMAIL", p.email)))
    s += ",\n".join(rows) + ";\n"
    s += "INSERT INTO encounters (patient_mrn, csn, admitted_at, attending_npi, dx) VALUES ('%s', '%s', '%s', '%s', '%s');\n" % (
        L("MRN", ps[0].mrn), L("ACCOUNT", digits(10)), L("DATE", rdate(2024, 2025).f("iso") + " %02d:%02d:00" % (R.randint(0, 23), R.randint(0, 59))) if False else L("DATE", rdate(2024, 2025).f("iso")),
        L("NPI", npi()), L("ICD10", ch(ICD)[0]))
    s += "UPDATE audit SET touched_at = '%s' WHERE id = %d;\nCOMMIT;\n" % (systs(), R.randint(1, 9999))
    return "sql", s


def csv_src(sep=","):
    cols = ch([["patient_nm", "dob", "sex", "addr1", "town", "postcode", "home_ph", "ins_member_no"],
               ["Surname", "Given", "DateOfBirth", "Street", "City", "Zip", "Mobile", "Policy"],
               ["pt_last", "pt_first", "birth_dt", "mrn", "adm_dt", "dx_code", "attending"],
               ["name", "born", "age", "email", "ip_last_login", "plan_id"]])
    s = sep.join(cols) + "\n"
    for _ in range(R.randint(3, 7)):
        p = Person(old=R.random() < 0.3)
        row = []
        for c in cols:
            if c in ("patient_nm",):
                v = N('"%s, %s"' % (p.last, p.first) if sep == "," else "%s, %s" % (p.last, p.first))
                v = v if sep != "," else '"' + N("%s, %s" % (p.last, p.first)) + '"'
            elif c in ("Surname", "pt_last"):
                v = N(p.last)
            elif c in ("Given", "pt_first"):
                v = N(p.first)
            elif c == "name":
                v = N(p.full)
            elif c in ("dob", "DateOfBirth", "birth_dt", "born"):
                v = D(p.dob, ch(["iso", "us", "dmon", "compact", "dot4"]))
            elif c == "sex":
                v = ch("MFX")
            elif c in ("addr1", "Street"):
                v = L("ADDRESS", p.street)
                if sep == "," and "," in p.street:
                    v = '"' + v + '"'
            elif c in ("town", "City"):
                v = L("ADDRESS", p.city)
            elif c in ("postcode", "Zip"):
                v = L("ZIP", p.zip)
            elif c in ("home_ph", "Mobile"):
                v = L("PHONE", p.phone)
            elif c in ("ins_member_no", "Policy", "plan_id"):
                v = L("HEALTH_PLAN", p.plan)
            elif c == "mrn":
                v = L("MRN", p.mrn)
            elif c == "adm_dt":
                v = D(rdate(2024, 2025), "iso")
            elif c == "dx_code":
                v = L("ICD10", ch(ICD)[0])
            elif c == "attending":
                v = N(Person().full)
            elif c == "age":
                v = L("AGE", p.age) if p.age > 89 else str(p.age)
            elif c == "email":
                v = L("EMAIL", p.email)
            elif c == "ip_last_login":
                v = L("IP", public_ip())
            if sep == "," and c == "attending":
                pass
            row.append(v)
        s += sep.join(row) + "\n"
    return ("csv" if sep == "," else "tsv"), s


def tsv_src():
    return csv_src("\t")


def fhir_src():
    p = Person(old=R.random() < 0.2)
    enc_start = rdate(2024, 2025)
    pid = p.pid
    line = [L("ADDRESS", p.street)]
    pat = ('{"resource":{"resourceType":"Patient","id":"%s","meta":{"lastUpdated":"%s"},'
           '"identifier":[{"type":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v2-0203","code":"MR"}]},"value":"%s"},'
           '{"system":"http://hl7.org/fhir/sid/us-ssn","value":"%s"}],'
           '"name":[{"use":"official","family":"%s","given":["%s"]}],'
           '"telecom":[{"system":"phone","value":"%s","use":"home"},{"system":"email","value":"%s"}],'
           '"gender":"%s","birthDate":"%s",'
           '"address":[{"line":["%s"%s],"city":"%s","state":"%s","postalCode":"%s"}]}}') % (
        L("OTHER_ID", pid), systs(), L("MRN", p.mrn), L("SSN", ssn("d")), N(p.last), N(p.first),
        L("PHONE", p.phone), L("EMAIL", p.email), ch(["female", "male", "other"]), L("DATE", p.dob.f("iso")),
        line[0], (',"%s"' % L("ADDRESS", "Apt %d" % R.randint(1, 30))) if R.random() < 0.4 else "", L("ADDRESS", p.city), p.state, L("ZIP", p.zip))
    enc = ('{"resource":{"resourceType":"Encounter","id":"enc-%s","status":"finished",'
           '"identifier":[{"system":"urn:oid:1.2.840.114350.1.13.0.1.7.3.698084.8","value":"%s"}],'
           '"subject":{"reference":"Patient/%s"},"period":{"start":"%s","end":"%s"},'
           '"participant":[{"individual":{"display":"%s"}}],"reasonCode":[{"coding":[{"system":"http://hl7.org/fhir/sid/icd-10-cm","code":"%s"}]}]}}') % (
        uuid()[:8], L("ACCOUNT", digits(9)), L("OTHER_ID", pid), L("DATE", enc_start.isot()), L("DATE", Dt(enc_start.y, enc_start.m, min(28, enc_start.d + 2)).isot()),
        "Dr. " + N(Person().full), L("ICD10", ch(ICD)[0]))
    cov = ('{"resource":{"resourceType":"Coverage","id":"cov-%d","status":"active","subscriberId":"%s",'
           '"beneficiary":{"reference":"Patient/%s"},"payor":[{"display":"%s"}]}}') % (
        R.randint(1, 999), L("HEALTH_PLAN", p.plan), L("OTHER_ID", pid), ch(PAYERS))
    body = '{"resourceType":"Bundle","type":"collection","timestamp":"%s","entry":[%s]}' % (systs(), ",".join([pat, enc, cov]))
    if R.random() < 0.5:
        # pretty-print by simple replacements (safe: no markup contains these)
        body = body.replace('{"resource"', '\n  {"resource"').replace(']}', ']\n}')
    return "json", body + "\n"


def hl7_adt():
    p = Person(old=R.random() < 0.2)
    att = Person()
    nk = Person()
    adm = rdate(2024, 2025)
    msh = "MSH|^~\\&|%s|%s|RCV|HUB|%s||ADT^A%02d|%s|P|2.5.1" % (ch(["EPIC", "MEDITECH", "CERNER"]), ch(["NPH", "TVH"]), "2026%02d%02d%02d%02d%02d" % (
        R.randint(1, 11), R.randint(1, 28), R.randint(0, 23), R.randint(0, 59), R.randint(0, 59)), ch([1, 3, 4, 8]), digits(10))
    evn = "EVN|A01|2026%02d%02d%02d%02d" % (R.randint(1, 11), R.randint(1, 28), R.randint(0, 23), R.randint(0, 59))
    ss = ssn("n") if R.random() < 0.5 else ssn("d")
    pid = "PID|1||%s^^^%s^MR~%s^^^SSA^SS||%s^%s^%s||%s|%s||2106-3|%s^^%s^%s^%s^USA^H||%s^PRN^PH~^NET^Internet^%s|||M||%s|%s" % (
        L("MRN", p.mrn), ch(["NPH", "TVH"]), L("SSN", ss), N("%s^%s^%s" % (p.last.upper(), p.first.upper(), p.mi)), "", "",
        L("DATE", p.dob.hl7(False)), ch("MF"), L("ADDRESS", p.street.upper().replace(", ", "^")) if "," not in p.street else L("ADDRESS", p.street.upper()),
        L("ADDRESS", p.city.upper()), p.state, L("ZIP", p.zip), L("PHONE", p.phone), L("EMAIL", p.email), L("ACCOUNT", p.acct), L("SSN", ss))
    pid = pid.replace("^^||", "||", 1)
    nk1 = "NK1|1|%s|%s|%s|%s" % (N("%s^%s" % (nk.last.upper(), nk.first.upper())), ch(["SPO^Spouse", "DAU^Daughter", "SON^Son"]),
                                L("ADDRESS", nk.street.upper()) + "^^" + L("ADDRESS", nk.city.upper()) + "^" + nk.state + "^" + L("ZIP", nk.zip), L("PHONE", nk.phone))
    pv1 = "PV1|1|I|4W^%d^%s^NPH||||%s^%s^%s^^^^MD|||MED||||1|||%s^%s^%s^^^^MD|IN|%s|||||||||||||||||||||||||%s" % (
        R.randint(400, 499), ch("AB"), L("NPI", att.npi), N(att.last.upper()), N(att.first.upper()), L("NPI", att.npi), N(att.last.upper()), N(att.first.upper()),
        L("ACCOUNT", "V%s" % digits(8)), L("DATE", adm.hl7()))
    dx = ch(ICD)
    dg1 = "DG1|1|I10|%s^%s^I10||%s|A" % (L("ICD10", dx[0]), dx[1].upper(), L("DATE", adm.hl7()))
    in1 = "IN1|1|%s|%d|%s||||||||||||%s^%s|SEL|%s||||||||||||||||||%s" % (
        ch(["BCBS", "AET", "MCR"]), R.randint(100, 999), ch(PAYERS), N(p.last.upper()), N(p.first.upper()), L("DATE", p.dob.hl7(False)), L("HEALTH_PLAN", p.plan))
    segs = [msh, evn, pid, nk1, pv1, dg1, in1]
    if p.age > 89 and R.random() < 0.5:
        segs.append("OBX|1|NM|30525-0^AGE^LN||%s|a|||||F" % L("AGE", p.age))
    return "hl7", "\r".join(segs) + "\r"


def hl7_oru():
    p = Person(old=R.random() < 0.2)
    ordp = Person()
    col = rdate(2024, 2025)
    msh = "MSH|^~\\&|LAB|TVH|EHR|TVH|2026%02d%02d%02d%02d||ORU^R01^ORU_R01|%s|P|2.5.1" % (R.randint(1, 11), R.randint(1, 28), R.randint(0, 23), R.randint(0, 59), digits(8))
    pid = "PID|1||%s^^^TVH^MR||%s||%s|%s|||%s^^%s^%s^%s" % (L("MRN", p.mrn), N("%s^%s" % (p.last, p.first)), L("DATE", p.dob.hl7(False)), ch("MF"),
                                                   L("ADDRESS", p.street), L("ADDRESS", p.city), p.state, L("ZIP", p.zip))
    orc = "ORC|RE|%s|%s||CM||||%s|||%s^%s^%s" % (digits(8), L("OTHER_ID", accession()), L("DATE", col.hl7()), L("NPI", ordp.npi), N(ordp.last), N(ordp.first))
    obr = "OBR|1|%s||24323-8^Comprehensive metabolic panel^LN|||%s|||||||%s||%s^%s^%s" % (
        digits(8), L("DATE", col.hl7()), L("DATE", col.hl7()), L("NPI", ordp.npi), N(ordp.last), N(ordp.first))
    obx = []
    for i, (code, nm, val, u, rng) in enumerate([("2345-7", "Glucose", R.randint(70, 300), "mg/dL", "70-99"),
                                                 ("2160-0", "Creatinine", round(R.uniform(0.5, 3), 2), "mg/dL", "0.6-1.3"),
                                                 ("2951-2", "Sodium", R.randint(125, 150), "mmol/L", "135-145")]):
        obx.append("OBX|%d|NM|%s^%s^LN||%s|%s|%s|%s|||F|||%s" % (i + 1, code, nm, val, u, rng, ch(["H", "N", "L"]), L("DATE", col.hl7())))
    nte = "NTE|1||Called to %s%s at %s by %s" % (ch(["RN ", ""]), N(Person().full), L("PHONE", phone()), N(Person().full)) if R.random() < 0.6 else "NTE|1||Specimen slightly hemolyzed"
    return "hl7", "\r".join([msh, pid, orc, obr] + obx + [nte]) + ("\r" if R.random() < 0.5 else "\n")


def yaml_src():
    p, c = Person(old=R.random() < 0.25), Person()
    s = "# test fixture for the prior-auth service\nversion: %s\nservice:\n  port: 8443\n  image: registry.internal/pa-svc@sha256:%s\nfixtures:\n" % (semver(), sha(64))
    s += "  - patient:\n      name: \"%s\"\n      dob: %s\n      phone: \"%s\"\n      address:\n        street: %s\n        city: %s\n        zip: \"%s\"\n" % (
        N(p.full), L("DATE", p.dob.f("iso")), L("PHONE", p.phone), L("ADDRESS", p.street), L("ADDRESS", p.city), L("ZIP", p.zip))
    s += "      member_id: %s\n      mbi: %s\n      vehicle_vin: %s\n    prescriber:\n      name: %s\n      npi: \"%s\"\n      dea: %s\n      license: %s\n" % (
        L("HEALTH_PLAN", p.plan), L("HEALTH_PLAN", mbi()), L("VEHICLE", vin()), N(c.full), L("NPI", c.npi), L("DEA", c.dea), L("LICENSE", c.lic()))
    s += "    requested: %s\n    diagnosis: [%s]\n    procedure: %s\n    created_at: %s\n" % (
        L("DATE", rdate(2025, 2025).f("iso")), L("ICD10", ch(ICD)[0]), ch(CPT), systs())
    return ch(["yaml", "yml"]), s


def xml_cda():
    p, a = Person(old=R.random() < 0.25), Person()
    s = '<?xml version="1.0" encoding="UTF-8"?>\n<ClinicalDocument xmlns="urn:hl7-org:v3">\n  <id root="2.16.840.1.113883.19.5" extension="%s"/>\n  <effectiveTime value="%s"/>\n' % (
        uuid(), "2026%02d%02d%02d%02d" % (R.randint(1, 11), R.randint(1, 28), R.randint(0, 23), R.randint(0, 59)))
    s += '  <recordTarget><patientRole>\n    <id root="2.16.840.1.113883.4.1" extension="%s"/>\n    <id root="2.16.840.1.113883.19.5.99" extension="%s"/>\n' % (L("SSN", ssn("d")), L("MRN", p.mrn))
    s += '    <addr use="HP"><streetAddressLine>%s</streetAddressLine><city>%s</city><state>%s</state><postalCode>%s</postalCode></addr>\n' % (
        L("ADDRESS", p.street.replace("&", "&amp;")), L("ADDRESS", p.city), p.state, L("ZIP", p.zip))
    s += '    <telecom value="tel:%s" use="HP"/>\n    <telecom value="mailto:%s"/>\n' % (L("PHONE", phone("e164")), L("EMAIL", p.email))
    s += '    <patient><name><given>%s</given><given>%s</given><family>%s</family></name>\n      <birthTime value="%s"/></patient>\n  </patientRole></recordTarget>\n' % (
        N(p.first), N(p.mi + "."), N(p.last), L("DATE", p.dob.hl7(False)))
    s += '  <author><time value="%s"/><assignedAuthor><id root="2.16.840.1.113883.4.6" extension="%s"/><assignedPerson><name><prefix>Dr.</prefix><given>%s</given><family>%s</family></name></assignedPerson></assignedAuthor></author>\n' % (
        L("DATE", rdate(2025, 2025).hl7()), L("NPI", a.npi), N(a.first), N(a.last))
    s += '  <component><section><code code="11450-4" codeSystem="2.16.840.1.113883.6.1"/>\n    <entry><value code="%s" codeSystem="2.16.840.1.113883.6.90"/></entry>\n' % L("ICD10", ch(ICD)[0])
    s += '    <text>Patient reports onset %s; seen in ED %s.</text>\n  </section></component>\n</ClinicalDocument>\n' % (
        D(rdate(2024, 2025), ch(["mon", "long", "monord"])), D(rdate(2025, 2025), ch(["us", "dmy"])))
    return "xml", s


def env_src():
    p = Person()
    s = "# .env.staging - copied from prod by mistake, rotate!\nAPP_VERSION=%s\nDB_HOST=%s\nDB_PORT=5432\nREDIS_URL=redis://127.0.0.1:6379/0\n" % (semver(), doc_ip())
    s += "SMOKE_TEST_PATIENT_MRN=%s\nSMOKE_TEST_PATIENT_NAME=\"%s\"\nSMOKE_TEST_DOB=%s\nSMOKE_TEST_SSN=%s\n" % (
        L("MRN", p.mrn), N(p.full), L("DATE", p.dob.f(ch(["iso", "us"]))), L("SSN", p.ssn))
    s += "ONCALL_PHONE=%s\nONCALL_EMAIL=%s\nADMIN_ALLOWLIST_IP=%s\nBUILD_SHA=%s\nPLACEHOLDER_SSN=000-00-0000\n" % (
        L("PHONE", phone("e164")), L("EMAIL", Person(clin=True).email), L("IP", public_ip()), sha())
    return "env", s


def ini_src():
    p, c = Person(), Person()
    s = "; interface engine config (generated %s)\n[listener]\nport = 2575\nbind = 0.0.0.0\n\n[test_message]\n" % systs()
    s += "patient_name = %s\npatient_dob = %s\npatient_phone = %s\npatient_city = %s\nreferring = %s\nreferring_npi = %s\nfax_to = %s\n" % (
        N(p.last + "^" + p.first), L("DATE", p.dob.f(ch(["compact", "iso"]))), L("PHONE", p.phone), L("ADDRESS", p.city), N(c.full),
        L("NPI", c.npi), L("FAX", phone()))
    s += "\n[retention]\ndays = 2555\nschema_version = %s\n" % semver()
    return "ini", s


def md_table():
    s = "## Repro for BUG-%d: export drops accented names\n\nSteps: run exporter `v%s`, compare rows.\n\n| MRN | Name | DOB | Phone | Ins. ID | Dx |\n|---|---|---|---|---|---|\n" % (R.randint(100, 9999), semver())
    for _ in range(R.randint(3, 5)):
        p = Person(old=R.random() < 0.2)
        s += "| %s | %s | %s | %s | %s | %s |\n" % (L("MRN", p.mrn), N(p.full), D(p.dob, ch(["us", "iso", "dmy3"])), L("PHONE", p.phone),
                                                   L("HEALTH_PLAN", p.plan), L("ICD10", ch(ICD)[0]))
    s += "\nExpected 0 diffs; got %d. Trace id `%s`.\n" % (R.randint(1, 9), uuid())
    return "md", s


def app_log():
    s = ""
    for _ in range(R.randint(6, 12)):
        p = Person(old=R.random() < 0.2)
        ts = systs().replace("T", " ").rstrip("Z")
        k = R.randint(0, 5)
        if k == 0:
            s += "%s INFO  [req-%s] portal.login user=%s ip=%s ok\n" % (ts, sha(8), L("EMAIL", p.email), L("IP", ch([public_ip(), ipv6()])))
        elif k == 1:
            s += "%s WARN  scheduler: appointment conflict for %s (mrn=%s) on %s\n" % (ts, N(p.full), L("MRN", p.mrn), L("DATE", rdate(2025, 2026).f("iso")))
        elif k == 2:
            s += '%s ERROR billing: card declined {"holder":"%s","pan":"%s","zip":"%s"}\n' % (ts, N(p.full.upper()), L("CREDIT_CARD", card()), L("ZIP", p.zip))
        elif k == 3:
            s += "%s DEBUG eligibility resp member=%s dob=%s plan=PPO-%d status=ACTIVE\n" % (ts, L("HEALTH_PLAN", p.plan), L("DATE", p.dob.f("compact")), R.randint(1, 99))
        elif k == 4:
            s += "%s INFO  health check ok latency=%dms version=%s host=%s\n" % (ts, R.randint(1, 900), semver(), doc_ip())
        else:
            s += "%s INFO  sms sent to=%s template=appt_reminder patient=%s\n" % (ts, L("PHONE", phone(ch(["e164", "plain"]))), N(fold(p.first).lower() + "." + fold(p.last).lower()) if False else N(p.first))
    return "log", s


CODE = [py_src, js_src, go_src, ruby_src, rust_src, kotlin_src, php_src, sql_src, csv_src, tsv_src, fhir_src, hl7_adt,
        hl7_oru, yaml_src, xml_cda, env_src, ini_src, md_table, app_log]


# ---------------------------------------------------------------- negative templates (no PHI)
def relday():
    return "%d-%02d-%02d" % (R.randint(2019, 2026), R.randint(1, 12), R.randint(1, 28))


def neg_build_log():
    s = ""
    t0 = systs()
    s += "Started by timer at %s\nRunning on agent ci-runner-%d (%s) in /var/lib/ci/workspace/phi-gateway\n" % (t0, R.randint(1, 40), doc_ip())
    s += "+ git checkout -f %s\nHEAD is now at %s Merge pull request #%d from release/%s\n" % (sha(), sha(7), R.randint(100, 9999), semver())
    for step in ["npm ci", "npm run lint", "npm test -- --ci", "docker build -t gateway:%s ." % semver(), "trivy image gateway"]:
        s += "[%s] + %s\n" % (systs(), step)
        s += "[%s]   done in %d.%02ds (%d files, %d KB)\n" % (systs(), R.randint(0, 300), R.randint(0, 99), R.randint(10, 9000), R.randint(1, 99999))
    s += "Step 7/12 : EXPOSE %d %d\n ---> Running in %s\nSuccessfully built %s\n" % (R.choice([8080, 3000]), R.choice([9464, 5432, 27017]), sha(12), sha(12))
    s += "digest: sha256:%s size: %d\n" % (sha(64), R.randint(1000, 9999))
    s += "Tests: %d passed, %d skipped (seed %d)\nCoverage: %.2f%% (threshold 80%%)\n" % (R.randint(100, 3000), R.randint(0, 20), R.randint(10 ** 8, 10 ** 9), R.uniform(60, 99))
    s += "fixture check: ssn sample %s rejected (invalid area), phone 555-01%02d accepted as fictional\n" % (bad_ssn(), R.randint(0, 99))
    s += "Published gateway %s to registry at %s; build id %s\nFinished: SUCCESS\n" % (semver(), systs(), uuid())
    return "log", s


def neg_changelog():
    s = "# Changelog\n\nAll notable changes to this project are documented here (Keep a Changelog, SemVer).\n\n"
    for _ in range(R.randint(4, 7)):
        s += "## [%s] - %s\n### %s\n" % (semver(), relday(), ch(["Fixed", "Added", "Changed", "Security"]))
        for _ in range(R.randint(2, 4)):
            s += "- %s\n" % ch([
                "Upgrade openssl to %s (CVE-%d-%d)." % (semver(), R.randint(2019, 2026), R.randint(1000, 49999)),
                "SSN validator now rejects %s and %s." % (bad_ssn(), ch(["XXX-XX-XXXX", "000-00-0000", "###-##-####"])),
                "Card validator: %s fails Luhn and is rejected." % card(valid=False, grouped=True),
                "Support for LOINC %s and CPT %s in the lab import." % (ch(LOINC), ch(CPT)),
                "Default port changed from %d to %d." % (R.choice([8080, 2575, 5432]), R.choice([8443, 6661, 9000])),
                "Drop support for Node %d; require >= %d.%d." % (R.randint(12, 16), R.randint(18, 22), R.randint(0, 9)),
                "Rename `%s` theme; thanks to %s for the palette licence." % (ch(PRODUCTS), ch(COMPANIES)),
                "Migration %s adds index on encounters(admit_date)." % ("2026%02d%02d%06d" % (R.randint(1, 11), R.randint(1, 28), R.randint(0, 999999))),
                "Fix crash when NPI %s (bad check digit) is entered." % npi(valid=False),
            ])
        s += "\n"
    s += "[%s]: https://git.example.com/compare/v%s...v%s\n" % (semver(), semver(), semver())
    return "md", s


def neg_validator_tests():
    s = "import pytest\nfrom validators import is_ssn, is_npi, is_dea, is_card, is_vin, is_phone\n\n# All values below are deliberately INVALID or placeholders.\n"
    s += "BAD_SSNS = [%s]\n" % ", ".join('"%s"' % x for x in [bad_ssn() for _ in range(5)] + ["XXX-XX-XXXX", "000-00-0000"])
    s += "BAD_NPIS = [%s]\n" % ", ".join('"%s"' % npi(valid=False) for _ in range(4))
    s += "BAD_DEAS = [%s]\n" % ", ".join('"%s"' % dea(ch(LAST), valid=False) for _ in range(3))
    s += "BAD_CARDS = [%s]\n" % ", ".join('"%s"' % card(valid=False) for _ in range(4))
    s += "BAD_VINS = [%s]\n" % ", ".join('"%s"' % vin(valid=False) for _ in range(3))
    s += "FICTIONAL_PHONES = [%s]\n" % ", ".join('"%s"' % ch(["(%d) 555-01%02d", "%d-555-01%02d", "+1 %d 555 01%02d"]) % (R.randint(201, 989), R.randint(0, 99)) for _ in range(4))
    s += "MASKS = [\"(999) 999-9999\", \"MM/DD/YYYY\", \"<MRN>\", \"***-**-%04d\"]\n\n" % R.randint(1000, 9999)
    s += "@pytest.mark.parametrize('v', BAD_SSNS)\ndef test_bad_ssn(v):\n    assert not is_ssn(v)\n\n"
    s += "def test_placeholder_person():\n    assert redact('John Doe, jane.doe@example.com') == '[NAME], [EMAIL]'\n    assert calc('%d - %d - %04d') == %d  # arithmetic, not an SSN\n" % (R.randint(100, 999), R.randint(10, 99), R.randint(0, 9999), R.randint(-9999, 0))
    s += "\ndef test_timeouts():\n    assert parse_duration('%dms') == %d\n    assert version_tuple('%s') < version_tuple('%s')\n" % (R.randint(1, 999), R.randint(1, 999), semver(), semver())
    return "py", s


def neg_billing_ref():
    s = "code_system,code,description,rvu,fee_usd,effective\n"
    for _ in range(R.randint(8, 14)):
        k = R.randint(0, 2)
        if k == 0:
            s += "CPT,%s,%s,%.2f,%.2f,%s\n" % (ch(CPT), ch(["Office visit est. pt", "Comprehensive metabolic panel", "ECG 12-lead", "Venipuncture", "Chest x-ray 2 views"]),
                                           R.uniform(0.1, 20), R.uniform(5, 2500), relday())
        elif k == 1:
            s += "LOINC,%s,%s,,,%s\n" % (ch(LOINC), ch(["Glucose [Mass/volume] in Serum", "Hemoglobin A1c", "Creatinine", "Systolic BP"]), relday())
        else:
            s += "NDC,%s,%s,,%.2f,%s\n" % (ch(NDC), ch(DRUGS), R.uniform(1, 400), relday())
    return "csv", s


def neg_med_prose():
    e1, e2, e3 = R.sample(EPONYMS, 3)
    s = "%s: what to expect\n\n" % e1
    s += ("%s is named after the physician who first described it. Most people are diagnosed between the ages of %d and %d, "
          "and about %d in %d adults over 65 are affected. Treatment often involves %s, and a small number of patients are "
          "referred for evaluation of %s or %s.\n\n") % (e1, R.randint(40, 60), R.randint(61, 85), R.randint(1, 9), R.choice([100, 1000]),
                                                       ch(DRUGS).split()[0], e2, e3)
    s += ("The work of %s and later %s shaped how nurses and researchers think about this condition. Manufacturers such as %s and %s "
          "make devices used in monitoring. The %s guidelines were updated in %d.\n\n") % (ch(PUBLIC), ch(PUBLIC), ch(COMPANIES), ch(COMPANIES),
                                                                                    ch(["NICE", "AHA/ACC", "ADA", "USPSTF"]), R.randint(2015, 2025))
    s += ("For general questions you can call the demo line at (%d) 555-01%02d or write to info@example.org. "
          "Our clinics in Montana, Texas and Ohio are open weekdays. Visit https://www.example.net/%s for more.\n") % (
        R.randint(201, 989), R.randint(0, 99), e1.split()[0].lower().strip("'s"))
    s += "\nLeaflet ref %s, version %s, printed %s.\n" % ("PIL-%d" % R.randint(100, 999), semver(), relday())
    return "txt", s


def neg_config():
    s = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: phi-gateway\n  labels:\n    app.kubernetes.io/version: \"%s\"\n  annotations:\n    deployed-at: \"%s\"\n    git-sha: %s\nspec:\n  replicas: %d\n  template:\n    spec:\n      containers:\n" % (
        semver(), systs(), sha(), R.randint(1, 6))
    s += "        - name: gateway\n          image: ghcr.io/example/gateway@sha256:%s\n          ports:\n            - containerPort: %d\n            - containerPort: %d\n" % (sha(64), R.choice([8080, 8443]), R.choice([2575, 9090, 50051]))
    s += "          env:\n            - name: UPSTREAM\n              value: \"http://%s:%d\"\n            - name: INSTANCE_ID\n              value: \"%s\"\n            - name: ADMIN_EMAIL\n              value: ops@example.com\n" % (
        doc_ip(), R.choice([5432, 6379, 27017]), uuid())
    s += "          resources:\n            limits: {cpu: \"%dm\", memory: \"%dMi\"}\n      nodeSelector:\n        topology.kubernetes.io/zone: us-east-1%s\n" % (R.randint(100, 4000), R.randint(128, 8192), ch("abc"))
    s += "# network allowlist\n#   %s/24  docs\n#   %s/32  bastion\n#   fe80::1%%eth0\n#   ::1\n" % (doc_ip(), doc_ip())
    return "yaml", s


def neg_readme():
    prod = ch(PRODUCTS)
    s = "# %s\n\n[![npm](https://img.shields.io/badge/npm-v%s-blue)](https://www.npmjs.com/)\n\n" % (prod.replace("the ", "").title(), semver())
    s += ("A tiny component library. Inspired by %s's famous remark about premature optimisation, and by %s. "
          "Used in production by teams at %s.\n\n") % (ch(["Donald Knuth", "Edsger Dijkstra", "Grace Hopper"]), ch(PUBLIC), ch(COMPANIES))
    s += "## Install\n\n```sh\nnpm install %s@^%s\n```\n\n" % (prod.split()[-2].lower() + "-" + prod.split()[-1].lower(), semver())
    s += "## Example\n\n```js\nconst form = new PatientForm({\n  name: 'John Doe',\n  ssn: 'XXX-XX-XXXX',\n  phone: '(406) 555-01%02d',\n  email: 'jane.doe@example.com',\n  dob: 'MM/DD/YYYY',\n  mrn: '<MRN>',\n});\n```\n\n" % R.randint(0, 99)
    s += "| Prop | Type | Default |\n|---|---|---|\n| `maxAge` | number | %d |\n| `timeoutMs` | number | %d |\n| `zipPattern` | regex | `^\\d{5}(-\\d{4})?$` |\n\n" % (R.randint(60, 89), R.randint(100, 60000))
    s += "Released %s under the MIT licence. Copyright %d %s.\n" % (relday(), R.randint(2018, 2026), ch(["the maintainers", "Example Corp"]))
    return "md", s


def neg_metrics():
    s = "timestamp,service,host,p50_ms,p99_ms,requests,errors,build\n"
    for _ in range(R.randint(10, 20)):
        s += "%s,%s,%s,%d,%d,%d,%d,%s\n" % (systs(), ch(["gateway", "scheduler", "fhir-api", "lab-ingest"]), doc_ip(), R.randint(1, 90),
                                           R.randint(100, 9000), R.randint(1000, 99999999), R.randint(0, 500), semver() + "+" + sha(7))
    return "csv", s


def neg_schema():
    s = "-- schema v%s (generated %s)\nCREATE TABLE patients (\n  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),\n" % (semver(), systs())
    s += "  mrn VARCHAR(16) NOT NULL,\n  first_name TEXT,\n  last_name TEXT,\n  birth_date DATE CHECK (birth_date > '1900-01-01'),\n  ssn CHAR(11) CHECK (ssn ~ '^\\d{3}-\\d{2}-\\d{4}$' AND ssn <> '000-00-0000'),\n"
    s += "  phone TEXT,  -- format (999) 999-9999\n  zip CHAR(10),\n  created_at TIMESTAMPTZ DEFAULT now()\n);\n"
    s += "CREATE INDEX idx_pat_mrn ON patients(mrn);\nCOMMENT ON COLUMN patients.ssn IS 'e.g. XXX-XX-XXXX; never 666-xx-xxxx';\n"
    s += "-- example computation: %d - %d - %d = %d\n-- spreadsheet import: =VLOOKUP(E11, B12:D99, 2) ; cell J45 holds the total\n" % (
        R.randint(100, 999), R.randint(10, 99), R.randint(1000, 9999), R.randint(-9999, 999))
    s += "INSERT INTO schema_migrations(version) VALUES ('%s');\n" % ("2026%02d%02d%06d" % (R.randint(1, 11), R.randint(1, 28), R.randint(0, 999999)))
    return "sql", s


def neg_gitlog():
    s = ""
    for _ in range(R.randint(4, 8)):
        s += "commit %s\nAuthor: %s\nDate:   %s\n\n    %s\n\n    Change-Id: I%s\n\n" % (
            sha(), ch(["dependabot[bot] <49699333+dependabot[bot]@users.noreply.github.com>", "ci-bot <ci@example.com>", "release-bot <release@example.org>"]),
            "%s %s %d %02d:%02d:%02d 2026 +0000" % (ch(["Mon", "Tue", "Wed", "Thu"]), ch(MON3), R.randint(1, 28), R.randint(0, 23), R.randint(0, 59), R.randint(0, 59)),
            ch(["Bump lodash from %s to %s" % (semver(), semver()), "Fix Parkinson's tremor score rounding in the %s" % ch(["UI", "export"]),
                "Add Hodgkin staging enum", "Update CPT %s fee schedule" % ch(CPT), "Use port %d for MLLP" % R.choice([2575, 6661]),
                "Reject card %s (bad Luhn)" % card(valid=False, grouped=False)]), sha(40))
    return "txt", s


NEG = [neg_build_log, neg_changelog, neg_validator_tests, neg_billing_ref, neg_med_prose, neg_config, neg_readme,
       neg_metrics, neg_schema, neg_gitlog]


# ---------------------------------------------------------------- main
def main():
    out_docs = os.path.join(HERE, "docs")
    os.makedirs(out_docs, exist_ok=True)
    for f in os.listdir(out_docs):
        os.remove(os.path.join(out_docs, f))
    plan = []
    for i in range(120):
        plan.append(("prose", PROSE[i % len(PROSE)]))
    for i in range(100):
        plan.append(("code", CODE[i % len(CODE)]))
    for i in range(80):
        plan.append(("negative", NEG[i % len(NEG)]))
    R.shuffle(plan)
    labels = []
    nspans = 0
    for n, (style, fn) in enumerate(plan, 1):
        ext, markup = fn()
        eol = None
        if style != "negative" and ext in ("txt", "csv", "eml") and R.random() < 0.15:
            eol = "\r\n"
        data, spans = build(markup, eol)
        if style == "negative":
            assert not spans, fn.__name__
        name = "docs/h%03d.%s" % (n, ext)
        with open(os.path.join(HERE, name), "wb") as fh:
            fh.write(data)
        # self-check
        prev = -1
        for sp in spans:
            assert data[sp["start"]:sp["end"]].decode("utf-8") == sp["text"], (name, sp)
            assert sp["start"] >= prev and sp["end"] > sp["start"], (name, sp)
            prev = sp["end"]
        assert "«" not in data.decode("utf-8") and "»" not in data.decode("utf-8"), name
        nspans += len(spans)
        labels.append({"doc": name, "style": style, "template": fn.__name__, "spans": spans})
    with open(os.path.join(HERE, "labels.jsonl"), "w", encoding="utf-8") as fh:
        for rec in labels:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    print("wrote %d docs, %d spans" % (len(labels), nspans))


if __name__ == "__main__":
    main()
