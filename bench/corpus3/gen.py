#!/usr/bin/env python3
"""Third labelled PHI/PII corpus for phiscan (python3, standard library only).

    python3 bench/corpus3/gen.py OUTDIR

writes OUTDIR/docs/NNNN.ext and OUTDIR/labels.jsonl in the format of
../shared/corpus/phi (UTF-8 byte offsets, end exclusive, sorted,
non-overlapping spans) following its README's label conventions.  Written
without looking at phiscan's rules or at the other two corpora: its own
templates (operative and pathology reports, home-health visits, telehealth
transcripts, appeals, subpoenas, obituaries; Go/Rust/Ruby/PHP/Kotlin/Swift
fixtures, curl scripts, TOML, CDA XML, GraphQL, NDJSON, non-English CSV
headers, HL7 MRG/GT1/PV2, FHIR Practitioner/Encounter/Claim/Coverage, .eml,
chat exports) and its own name, street and city lists.  Deterministic.
"""
import datetime as dt
import json
import os
import random
import re
import sys
import urllib.parse

SEED = 20261130
R = random.Random(SEED)


def ch(seq):
    return R.choice(seq)


# ---------------------------------------------------------------- documents

class D:
    """A document built by appending pieces; tuples (text, TYPE) are spans."""

    def __init__(self, nl="\n"):
        self.buf = []
        self.n = 0
        self.spans = []
        self.nl = nl

    def __call__(self, *parts):
        for p in parts:
            if p is None:
                continue
            if isinstance(p, tuple):
                txt, typ = p
                if self.nl != "\n":
                    txt = txt.replace("\n", self.nl)
                b = len(txt.encode("utf-8"))
                if typ and b:
                    self.spans.append({"start": self.n, "end": self.n + b, "type": typ, "text": txt})
                self.buf.append(txt)
                self.n += b
            elif isinstance(p, list):
                self(*p)
            else:
                if self.nl != "\n":
                    p = p.replace("\n", self.nl)
                self.buf.append(p)
                self.n += len(p.encode("utf-8"))
        return self

    def text(self):
        return "".join(self.buf)


def S(t):
    return lambda x: (str(x), t)


NAME, DATE, AGE, PHONE, FAX, EMAIL, SSN, MRN = (S(t) for t in ("NAME", "DATE", "AGE", "PHONE", "FAX", "EMAIL", "SSN", "MRN"))
PLAN, ACCT, LIC, VEH, DEV, URL, IP = (S(t) for t in ("HEALTH_PLAN", "ACCOUNT", "LICENSE", "VEHICLE", "DEVICE", "URL", "IP"))
ADDR, ZIP, NPI, DEA, ICD, CC, BIO, OID = (S(t) for t in ("ADDRESS", "ZIP", "NPI", "DEA", "ICD10", "CREDIT_CARD", "BIOMETRIC", "OTHER_ID"))


def seq_join(items, sep=", ", last=" and "):
    """items are part-lists; join them with commas and a final 'and'."""
    out = []
    for i, it in enumerate(items):
        if i:
            out.append(last if i == len(items) - 1 else sep)
        out.append(it)
    return out


# ---------------------------------------------------------------- name lists

FIRST_M = """James Robert Michael William David Richard Joseph Thomas Charles Christopher Daniel Matthew Anthony
Donald Mark Paul Steven Andrew Kenneth Joshua Kevin Brian George Timothy Ronald Edward Jason Jeffrey Ryan Gary
Nicholas Eric Stephen Larry Justin Scott Brandon Frank Raymond Gregory Dennis Walter Harold Douglas Roy Eugene
DeShawn Tyrone Jamal Darnell Marquis Terrence Reginald Cornelius
José Alejandro Joaquín Jesús Guillermo Ramón Héctor Iván Álvaro Rafael Ernesto Luis
Rajesh Venkatesh Sanjay Arjun Vikram Sandeep Harpreet Imran Farhan
Wei Jian Hiroshi Kenji Takumi Min-jun Ji-hoon Thanh Huy Bao
Chukwuemeka Oluwaseun Kwame Abebe Tendai Kofi Babatunde Sipho
Dmitri Zbigniew Miroslav Jiří Oleksandr Bogdan Tomasz Vasile
Mohammed Youssef Abdulrahman Omar Khalid Tariq Samir Hamza
Søren Björn Jean-Luc Seán Mikael Rhys Pádraig Florin""".split()
FIRST_F = """Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Nancy Lisa Betty Margaret
Sandra Ashley Kimberly Emily Donna Michelle Dorothy Carol Amanda Melissa Deborah Stephanie Rebecca Sharon Laura
Cynthia Kathleen Amy Shirley Angela Helen Anna Brenda Pamela Nicole Ruth Katherine Virginia Judith Gloria Evelyn
Latoya Keisha Imani Tanisha Shaniqua Ebony Precious
María Guadalupe Ximena Inés Lucía Marisol Catalina Araceli Dolores Yesenia
Priya Ananya Lakshmi Deepika Sunita Meenakshi Aishwarya Nandini
Xiu Ying Mei Yuki Haruka Seo-yeon Ji-woo Thuy Lan Hoa
Ngozi Amara Thandiwe Chiamaka Adaeze Folasade Wanjiru Makena
Katarzyna Oksana Svetlana Małgorzata Zuzana Ludmila Irina Agnieszka
Fatima Layla Noor Mariam Yasmin Huda Rania Salma
Zoë Anne-Marie Siobhán Åsa Chloé Renée Mary-Kate Bríd""".split()
# a few two-word given names kept together
FIRST_F += ["Xiu Ying", "Mary Ellen", "Ana Lucía"]
LAST = """Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Moore Jackson Martin Thompson White Harris
Clark Lewis Robinson Walker Young Allen King Wright Scott Hill Green Adams Nelson Baker Hall Campbell Mitchell Carter
Roberts Phillips Evans Turner Parker Collins Edwards Stewart Morris Murphy Cook Rogers Morgan Cooper Peterson Bailey
Reed Kelly Howard Cox Ward Richardson Watson Brooks Wood James Bennett Gray Hughes Price Sanders Myers Long Ross Foster
Garcia Rodriguez Martinez Hernandez Lopez Gonzalez Perez Sanchez Ramirez Torres Flores Rivera Gomez Diaz Reyes
Núñez Peña Ibáñez Castañeda Villaseñor Gutiérrez Jiménez Muñoz Álvarez Cortés
Patel Chaudhry Subramanian Reddy Banerjee Iyer Krishnamurthy Gupta Siddiqui Bhattacharya
Zhang Liu Huang Chen Wang Takahashi Watanabe Yamamoto Kim Park Choi Tran Pham Nguyen Le
Okafor Adeyemi Mensah Tesfaye Mwangi Nkosi Okonkwo Balogun Achebe Osei
Kowalski Wiśniewski Nowak Horváth Dvořák Petrov Ivanova Shevchenko Kovalenko Popescu
Haddad Khoury Abdullah Nasser Saleh Mansour Farouk
Müller Schröder Lefèvre Østergaard Lindqvist Fitzgerald""".split()
LAST += ["O'Neil", "O'Connor", "D'Angelo", "McAllister", "MacGregor", "de la Cruz", "Van der Berg",
         "Al-Sayed", "El-Amin", "Smith-Jones", "Baptiste-Riley", "Ó Súilleabháin", "St. Clair", "DeLuca",
         "García-Márquez", "Nakamura-Hale", "Abu-Bakr", "LaFleur"]
MIDDLE = "A B C D E F G H J K L M N P R S T W".split()


# ---------------------------------------------------------------- places

CITIES = [("Tacoma", "WA", "984"), ("Dayton", "OH", "454"), ("Boise", "ID", "837"), ("Akron", "OH", "443"),
          ("Fresno", "CA", "937"), ("Tulsa", "OK", "741"), ("Macon", "GA", "312"), ("Duluth", "MN", "558"),
          ("Provo", "UT", "846"), ("Yakima", "WA", "989"), ("Lubbock", "TX", "794"), ("Shreveport", "LA", "711"),
          ("Scranton", "PA", "185"), ("Peoria", "IL", "616"), ("Wichita", "KS", "672"), ("Albuquerque", "NM", "871"),
          ("Chattanooga", "TN", "374"), ("Bangor", "ME", "044"), ("Cedar Rapids", "IA", "524"),
          ("Sioux Falls", "SD", "571"), ("Las Cruces", "NM", "880"), ("Eau Claire", "WI", "547"),
          ("Coeur d'Alene", "ID", "838"), ("Winston-Salem", "NC", "271"), ("Port St. Lucie", "FL", "349"),
          ("St. Cloud", "MN", "563"), ("Wilkes-Barre", "PA", "187"), ("Española", "NM", "875"),
          ("Cañon City", "CO", "812"), ("Bakersfield", "CA", "933"), ("Kalamazoo", "MI", "490"),
          ("Hattiesburg", "MS", "394"), ("Missoula", "MT", "598"), ("Flagstaff", "AZ", "860"),
          ("Beaumont", "TX", "777"), ("Pueblo", "CO", "810"), ("Gainesville", "FL", "326"), ("Hilo", "HI", "967"),
          ("Fairbanks", "AK", "997"), ("Terre Haute", "IN", "478"), ("Utica", "NY", "135"), ("Lowell", "MA", "018"),
          ("Bridgeport", "CT", "066"), ("Roanoke", "VA", "240"), ("Greenville", "SC", "296"),
          ("Brownsville", "TX", "785"), ("Salinas", "CA", "939"), ("Paterson", "NJ", "075")]
COUNTIES = ["Yavapai County", "Cuyahoga County", "Hidalgo County", "Marathon County", "Buncombe County",
            "Lackawanna County", "Pima County", "Cass County"]
STREET_NAMES = ["Juniper", "Tamarack", "Sycamore", "Old Mill", "Cedar Hollow", "Pinecrest", "Willow Bend", "Kessler",
                "Magnolia", "Via Serena", "Bayou Vista", "Prairie View", "Ridgecrest", "Martin Luther King Jr",
                "Cesar Chavez", "Quail Run", "Dogwood", "Lakeshore", "Hickory Knoll", "Blackberry", "Camino Real",
                "Foxglove", "N 14th", "W 3rd", "E Fairmount", "Sandpiper", "Saddle Ridge", "Orchard", "Chestnut",
                "Elmwood", "Riverside", "Bluebonnet", "Copper Canyon", "Stonegate", "Harbor", "Timberline",
                "Peachtree", "Calle del Sol", "Rue Dauphine", "Aspen Glen"]
SUFFIX = ["St", "Street", "Ave", "Avenue", "Blvd", "Rd", "Road", "Ln", "Lane", "Dr", "Drive", "Ct", "Way", "Pkwy",
          "Terrace", "Cir", "Pl", "Trail", "Hwy"]
FACILITIES = ["Riverbend Community Hospital", "Cascadia Surgical Pavilion", "Mesa Verde Family Practice",
              "Northfork Regional Medical Center", "St. Brigid's Infirmary", "Lakehaven Orthopedic Institute",
              "Sunridge Home Health Services", "Tri-County Dialysis Partners", "Bellwether Oncology Associates",
              "Pinewood Pediatric Dental", "Harbor Light Hospice", "Saint Hedwig Memorial Hospital"]
PAYERS = ["Aetna Choice POS II", "Blue Cross Blue Shield of Illinois", "UnitedHealthcare Community Plan",
          "Cigna Open Access Plus", "Humana Gold Plus HMO", "Medicaid (Molina)", "Kaiser Permanente",
          "Tricare Prime", "Medicare Part B", "Anthem HealthKeepers"]
ICDS = [("E11.9", "type 2 diabetes mellitus without complications"), ("I10", "essential hypertension"),
       ("J44.1", "COPD with acute exacerbation"), ("N18.4", "chronic kidney disease, stage 4"),
       ("C50.912", "malignant neoplasm of unspecified site of left female breast"),
       ("K35.80", "unspecified acute appendicitis"), ("M17.11", "unilateral primary osteoarthritis, right knee"),
       ("S72.002A", "fracture of unspecified part of neck of left femur, initial encounter"),
       ("F33.1", "major depressive disorder, recurrent, moderate"), ("I48.91", "unspecified atrial fibrillation"),
       ("G30.9", "Alzheimer's disease, unspecified"), ("E78.5", "hyperlipidemia, unspecified"),
       ("Z79.4", "long-term (current) use of insulin"), ("K80.20", "calculus of gallbladder without obstruction"),
       ("C18.7", "malignant neoplasm of sigmoid colon"), ("L89.153", "pressure ulcer of sacral region, stage 3"),
       ("I50.32", "chronic diastolic heart failure"), ("Z23", "encounter for immunization"),
       ("K02.52", "dental caries on pit and fissure surface penetrating into dentin"),
       ("R07.89", "other chest pain"), ("W10.9XXA", "fall on stairs, initial encounter"),
       ("O24.414", "gestational diabetes mellitus in pregnancy, insulin controlled"),
       ("D50.9", "iron deficiency anemia, unspecified"), ("J18.9", "pneumonia, unspecified organism"),
       ("F10.20", "alcohol dependence, uncomplicated"), ("T40.2X1A", "poisoning by other opioids, accidental"),
       ("U07.1", "COVID-19"), ("E66.01", "morbid obesity due to excess calories")]
CPT = ["99213", "99214", "47562", "27130", "44970", "88305", "93000", "90686", "D2391", "D0150", "97110", "G0438"]
LOINC = ["2345-7", "4548-4", "718-7", "2160-0", "14682-9", "33914-3", "57698-3", "1742-6"]
NDC = ["00093-0058-01", "0378-6208-93", "50090-2876-0", "68180-0513-01", "0006-0277-31"]
MAKES = [("Toyota", "Camry"), ("Honda", "CR-V"), ("Ford", "F-150"), ("Chevrolet", "Malibu"), ("Subaru", "Outback"),
         ("Nissan", "Altima"), ("Hyundai", "Elantra"), ("Jeep", "Wrangler")]
DEVICES = [("Medtronic Azure XT DR MRI", "pacemaker"), ("Boston Scientific Accolade", "pacemaker"),
           ("Abbott FreeStyle Libre 3", "glucose sensor"), ("Stryker Triathlon", "knee implant"),
           ("Cochlear Nucleus 8", "cochlear implant"), ("Tandem t:slim X2", "insulin pump"),
           ("ResMed AirSense 11", "CPAP"), ("Zimmer Biomet Taperloc", "hip stem")]
BLOG_HOSTS = ["wordpress.com", "blogspot.com", "substack.com", "medium.com"]
MAILHOSTS = ["gmail.com", "yahoo.com", "outlook.com", "proton.me", "icloud.com", "hotmail.co.uk", "web.de",
             "orange.fr", "aol.com", "comcast.net", "att.net", "gmx.de", "yahoo.co.in", "naver.com"]


# ---------------------------------------------------------------- identifiers

def digits(n):
    return "".join(str(R.randint(0, 9)) for _ in range(n))


def luhn_ok(d):
    s = 0
    for i, c in enumerate(reversed(d)):
        n = int(c)
        if i % 2 == 1:
            n *= 2
            if n > 9:
                n -= 9
        s += n
    return s % 10 == 0


def luhn_digit(partial):
    for c in "0123456789":
        if luhn_ok(partial + c):
            return c


def npi(valid=True):
    base = str(R.randint(1, 2)) + digits(8)
    c = luhn_digit("80840" + base)
    if not valid:
        c = str((int(c) + R.randint(1, 9)) % 10)
    return base + c


def dea(last, valid=True):
    first = ch("ABFGM")
    ini = (last.lstrip("ÓO'DdeLaVn ")[:1] or "X").upper()
    ini = {"Ó": "O", "Á": "A", "É": "E", "Ø": "O", "Ü": "U"}.get(ini, ini)
    if not ini.isascii() or not ini.isalpha():
        ini = "X"
    d = digits(6)
    s = int(d[0]) + int(d[2]) + int(d[4]) + 2 * (int(d[1]) + int(d[3]) + int(d[5]))
    c = s % 10
    if not valid:
        c = (c + R.randint(1, 9)) % 10
    return first + ini + d + str(c)


def ssn(valid=True, fmt="-"):
    if valid:
        a = R.choice([R.randint(1, 665), R.randint(667, 899)])
        g = R.randint(1, 99)
        s = R.randint(1, 9999)
    else:
        a, g, s = ch([(0, R.randint(1, 99), R.randint(1, 9999)), (666, R.randint(1, 99), R.randint(1, 9999)),
                      (R.randint(900, 999), R.randint(1, 99), R.randint(1, 9999)),
                      (R.randint(1, 665), 0, R.randint(1, 9999)), (R.randint(1, 665), R.randint(1, 99), 0)])
    return f"{a:03d}{fmt}{g:02d}{fmt}{s:04d}"


def card(kind=None, valid=True, group=True):
    kind = kind or ch(["visa", "mc", "amex", "disc"])
    if kind == "visa":
        p = "4" + digits(14)
    elif kind == "mc":
        p = "5" + str(R.randint(1, 5)) + digits(13)
    elif kind == "amex":
        p = ch(["34", "37"]) + digits(12)
    else:
        p = "6011" + digits(11)
    c = luhn_digit(p)
    if not valid:
        c = str((int(c) + R.randint(1, 9)) % 10)
    n = p + c
    if not group:
        return n
    if len(n) == 15:
        return f"{n[:4]} {n[4:10]} {n[10:]}"
    sep = ch([" ", "-"])
    return sep.join(n[i:i + 4] for i in range(0, 16, 4))


VIN_TR = dict(zip("ABCDEFGHJKLMNPRSTUVWXYZ", [1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 7, 9, 2, 3, 4, 5, 6, 7, 8, 9]))
VIN_W = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2]
VIN_CH = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"


def vin(valid=True):
    v = list(ch(["1HG", "2T1", "1FT", "JN1", "5YJ", "3VW", "KMH", "4S4", "1C4"]) +
             "".join(ch(VIN_CH) for _ in range(5)) + "0" + ch("LMNPRSTVWXY123456789") +
             ch("ABCDEFGHJKLMNPRSTUVWXYZ") + digits(6))
    s = sum((int(c) if c.isdigit() else VIN_TR[c]) * w for c, w in zip(v, VIN_W))
    c = s % 11
    v[8] = "X" if c == 10 else str(c)
    if not valid:
        v[8] = ch([x for x in "0123456789X" if x != v[8]])
    return "".join(v)


def mbi():
    L = "ACDEFGHJKMNPQRTUVWXY"
    A = L + "0123456789"
    return (str(R.randint(1, 9)) + ch(L) + ch(A) + str(R.randint(0, 9)) + ch(L) + ch(A) + str(R.randint(0, 9)) +
            ch(L) + ch(L) + str(R.randint(0, 9)) + str(R.randint(0, 9)))


def up(n, alphabet="ABCDEFGHJKLMNPQRSTUVWXYZ"):
    return "".join(ch(alphabet) for _ in range(n))


def mrn():
    return ch([lambda: digits(8), lambda: "E" + digits(7), lambda: "MR" + digits(6), lambda: digits(3) + "-" + digits(2) + "-" + digits(2),
               lambda: "20" + str(R.randint(10, 25)) + "-" + digits(6), lambda: up(2) + digits(7), lambda: digits(7)])()


def plan_id():
    return ch([lambda: up(3) + digits(9), lambda: "W" + digits(9), lambda: digits(9) + "A", lambda: up(1) + digits(8) + "-" + digits(2),
               lambda: "XQH" + digits(8), lambda: mbi(), lambda: (lambda m: m[:4] + "-" + m[4:7] + "-" + m[7:])(mbi())])()


def acct():
    return ch([lambda: digits(10), lambda: "A" + digits(9), lambda: digits(4) + "-" + digits(6), lambda: "HAR" + digits(8), lambda: digits(12)])()


def dl(state):
    f = {"CA": lambda: up(1) + digits(7), "NY": lambda: digits(3) + " " + digits(3) + " " + digits(3),
         "FL": lambda: up(1) + digits(3) + "-" + digits(3) + "-" + digits(2) + "-" + digits(3) + "-" + digits(1),
         "TX": lambda: digits(8), "WA": lambda: "WDL" + up(6, "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"),
         "IL": lambda: up(1) + digits(3) + "-" + digits(4) + "-" + digits(4), "PA": lambda: digits(2) + " " + digits(3) + " " + digits(3),
         "OH": lambda: up(2) + digits(6), "MN": lambda: up(1) + digits(12)}
    return f.get(state, lambda: up(1) + digits(8))()


def plate():
    return ch([lambda: digits(1) + up(3) + digits(3), lambda: up(3) + "-" + digits(4), lambda: up(3) + " " + digits(3),
               lambda: digits(3) + " " + up(3), lambda: up(2) + digits(1) + "-" + up(1) + digits(3)])()


def udi():
    gtin = "0" + digits(13)
    exp = f"{R.randint(25, 31)}{R.randint(1, 12):02d}{R.randint(1, 28):02d}"
    return ch([f"(01){gtin}(17){exp}(10){up(2)}{digits(5)}(21){digits(8)}",
               f"(01){gtin}(11){exp}(21){up(3)}{digits(6)}", f"01{gtin}17{exp}10{up(1)}{digits(6)}"])


def serial():
    return ch([lambda: up(3) + digits(6) + up(1), lambda: "SN" + digits(9), lambda: digits(4) + "-" + up(2) + "-" + digits(5),
               lambda: up(2) + digits(8)])()


def pub_ip():
    first = ch([24, 47, 50, 67, 68, 71, 73, 76, 96, 98, 99, 107, 108, 172, 174, 184])
    if first == 172:
        return f"172.{R.randint(56, 99)}.{R.randint(0, 255)}.{R.randint(1, 254)}"
    return f"{first}.{R.randint(1, 254)}.{R.randint(0, 255)}.{R.randint(1, 254)}"


def pub_ip6():
    pre = ch(["2600:1700", "2601:18c", "2603:6010", "2a02:c7f", "2001:569"])
    rest = [f"{R.randint(0, 65535):x}" for _ in range(6)]
    if R.random() < .5:
        return pre + ":" + ":".join(rest)
    return pre + ":" + rest[0] + "::" + ":".join(rest[-2:])


AREA = ["206", "213", "240", "267", "303", "312", "336", "385", "402", "415", "469", "503", "512", "541", "602",
        "614", "615", "702", "704", "719", "720", "757", "808", "813", "832", "859", "907", "919", "956", "972"]


def phone_num(style=None):
    a, x, l = ch(AREA), str(R.randint(201, 989)), digits(4)
    if x == "555":
        x = "556"
    if x[1:] == "11":
        x = x[0] + "21"
    style = style if style is not None else R.randint(0, 11)
    return [f"({a}) {x}-{l}", f"({a}){x}-{l}", f"{a}-{x}-{l}", f"{a}.{x}.{l}", f"+1 {a} {x} {l}", f"+1-{a}-{x}-{l}",
            f"1-{a}-{x}-{l}", f"{a}{x}{l}", f"+1{a}{x}{l}", f"{a} {x} {l}", f"1 ({a}) {x}-{l}", f"{a}/{x}-{l}"][style % 12]


def intl_phone():
    return ch([f"+44 7{digits(3)} {digits(6)}", f"+52 55 {digits(4)} {digits(4)}", f"+91 9{digits(4)} {digits(5)}",
               f"+49 30 {digits(8)}", f"+33 6 {digits(2)} {digits(2)} {digits(2)} {digits(2)}",
               f"+234 80{digits(1)} {digits(3)} {digits(4)}", f"+63 917 {digits(3)} {digits(4)}", f"+48 {digits(3)} {digits(3)} {digits(3)}"])


def asciify(s):
    tr = str.maketrans("áéíóúñüöäåøçèêëïîôûàãõśłńźżčřšžěůýÁÉÍÓÚÑÜÖÄÅØÇÈÊŚŁŃŹŻČŘŠŽĚÝ",
                       "aeiounuoaaoceeeiiouaaoslnzzcrszeuyAEIOUNUOAAOCEESLNZZCRSZEY")
    return s.translate(tr)


def email_for(first, last):
    f = re.sub(r"[^a-z]", "", asciify(first).lower()) or "pat"
    l = re.sub(r"[^a-z]", "", asciify(last).lower()) or "x"
    user = ch([f"{f}.{l}", f"{f[0]}{l}", f"{f}{l}{R.randint(1, 99)}", f"{l}.{f}", f"{f}_{l}{R.randint(60, 99)}",
               f"{f}{R.randint(1950, 2005)}", f"{f[0]}.{l}+health"])
    return f"{user}@{ch(MAILHOSTS)}"


# ---------------------------------------------------------------- dates

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


def ordinal(n):
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def fdate(d, style=None):
    m, y, dd = d.month, d.year, d.day
    M, Mb = MONTHS[m - 1], MONTHS[m - 1][:3]
    fs = [lambda: f"{m:02d}/{dd:02d}/{y}", lambda: f"{m}/{dd}/{y}", lambda: f"{y}-{m:02d}-{dd:02d}",
          lambda: f"{M} {dd}, {y}", lambda: f"{dd} {Mb} {y}", lambda: f"{dd:02d}-{Mb.upper()}-{y}",
          lambda: f"{Mb} {dd}, {y}", lambda: f"{m}/{dd}/{y % 100:02d}", lambda: f"{m:02d}-{dd:02d}-{y}",
          lambda: f"{dd} {M} {y}", lambda: f"{y}{m:02d}{dd:02d}", lambda: f"{ordinal(dd)} of {M} {y}",
          lambda: f"{Mb}. {ordinal(dd)}, {y}" if Mb != "May" else f"May {ordinal(dd)}, {y}",
          lambda: f"{y}/{m:02d}/{dd:02d}", lambda: f"{dd:02d}.{m:02d}.{y}", lambda: f"{M} {ordinal(dd)}, {y}",
          lambda: f"{dd}-{Mb}-{y % 100:02d}", lambda: f"{M.upper()} {dd}, {y}", lambda: f"{dd}/{m}/{y}" if dd > 12 else f"{y}.{m:02d}.{dd:02d}",
          lambda: f"{Mb} {dd} {y}"]
    if style is None:
        style = R.randrange(len(fs))
    return fs[style % len(fs)]()


def rdate(y0=2018, y1=2026):
    return dt.date(R.randint(y0, y1), R.randint(1, 12), R.randint(1, 28))


def dob(age=None):
    age = age if age is not None else R.randint(1, 88)
    return dt.date(2025 - age, R.randint(1, 12), R.randint(1, 28))


def later(d, a=1, b=30):
    return d + dt.timedelta(days=R.randint(a, b))


# ---------------------------------------------------------------- people

class P:
    def __init__(self, sex=None, age=None, old=False):
        self.sex = sex or ch("MF")
        self.first = ch(FIRST_M if self.sex == "M" else FIRST_F)
        self.last = ch(LAST)
        self.mi = ch(MIDDLE)
        if old:
            age = R.randint(90, 104)
        self.age = age if age is not None else R.randint(19, 88)
        self.dob = dob(self.age)
        city = ch(CITIES)
        self.city, self.state = city[0], city[1]
        self.zip = city[2] + digits(2)
        self.zip4 = self.zip + "-" + digits(4)
        self.num = str(R.choice([R.randint(2, 99), R.randint(100, 999), R.randint(1000, 29999)]))
        self.street = f"{self.num} {ch(STREET_NAMES)} {ch(SUFFIX)}"
        self.unit = ch([None, None, f"Apt {R.randint(1, 40)}{ch('ABCDEF')}", f"Unit {R.randint(1, 300)}",
                        f"#{R.randint(100, 999)}", f"Apt. {R.randint(1, 9)}", f"Lot {R.randint(1, 80)}", f"Ste {R.randint(100, 400)}"])
        self.po = ch([None, None, None, f"PO Box {R.randint(10, 9999)}", f"P.O. Box {R.randint(10, 999)}",
                      f"RR {R.randint(1, 6)} Box {R.randint(10, 300)}", f"HC {R.randint(60, 80)} Box {R.randint(10, 99)}"])
        self.phone = phone_num()
        self.cell = phone_num()
        self.email = email_for(self.first, self.last)
        self.ssn = ssn()
        self.mrn = mrn()
        self.acct = acct()
        self.plan = plan_id()
        self.dl = dl(self.state)
        self.title = ch(["Mr."] if self.sex == "M" else ["Mrs.", "Ms.", "Miss"])

    def full(self):
        return f"{self.first} {self.last}"

    def fml(self):
        return f"{self.first} {self.mi}. {self.last}"

    def lfm(self):
        return f"{self.last}, {self.first} {self.mi}."

    def any_name(self):
        return ch([self.full(), self.fml(), self.lfm(), f"{self.last.upper()}, {self.first.upper()}",
                   f"{self.title} {self.last}", self.full()])

    def street_line(self):
        return self.po or (self.street + (", " + self.unit if self.unit else ""))


class Doc_(P):
    CREDS = ["MD", "DO", "NP", "PA-C", "RN", "MD, FACS", "DDS", "DMD", "PharmD", "MSW, LCSW", "RN, BSN", "CNM", "MD, PhD"]

    def __init__(self, cred=None):
        super().__init__(age=R.randint(30, 70))
        self.cred = cred or ch(self.CREDS)
        self.npi = npi()
        self.dea = dea(self.last)
        self.lic = ch([f"{self.state}-{digits(5)}", f"G{digits(5)}", f"MD{digits(6)}", f"{digits(2)}-{digits(6)}",
                       f"RN{digits(7)}", f"A{digits(5)}"])
        self.fax = phone_num()


def addr_parts(p, sep=", ", zip4=False, upper=False, city=True):
    """street line, city, state zip as parts."""
    st = p.street_line()
    c = p.city
    if upper:
        st, c = st.upper(), c.upper()
    out = [ADDR(st)]
    if city:
        out += [sep, ADDR(c), ", " + p.state + " ", ZIP(p.zip4 if zip4 else p.zip)]
    return out


def age_phrase(p):
    a = str(p.age)
    if p.age > 89:
        return ch([[AGE(a), "-year-old"], ["aged ", AGE(a)], ["a ", AGE(a), " y/o"], ["nonagenarian, ", AGE(a)],
                   [AGE(a), " yo"], ["age ", AGE(a)], [AGE(a), " years of age"], [AGE(a), "-yr-old"],
                   [AGE(a), "yo"], ["ninety-something (", AGE(a), ")"]])
    return ch([[a, "-year-old"], ["aged ", a], ["a ", a, " y/o"], [a, " yo"], [a, " years of age"]])


def sig_doc(d, doc, when=None, lead="Electronically signed by "):
    d(lead, "Dr. " if "MD" in doc.cred or "DO" in doc.cred else "", NAME(doc.full()), ", " + doc.cred)
    if when:
        d(" on ", DATE(fdate(when)))
    d("\n")


def hdr_pt(d, p, enc=None):
    """A varied patient header block."""
    style = R.randint(0, 3)
    if style == 0:
        d("Patient: ", NAME(p.lfm()), "    MRN: ", MRN(p.mrn), "\nDOB: ", DATE(fdate(p.dob)), "    Sex: ", p.sex, "\n")
    elif style == 1:
        d("NAME ", NAME(f"{p.last.upper()}, {p.first.upper()}"), " | MED REC NO. ", MRN(p.mrn), " | BIRTH DATE ",
          DATE(fdate(p.dob, 5)), "\n")
    elif style == 2:
        d(NAME(p.fml()), " (", DATE(fdate(p.dob)), ") — chart ", MRN(p.mrn), "\n")
    else:
        d("Re: ", NAME(p.full()), "\n    born ", DATE(fdate(p.dob)), "; record number ", MRN(p.mrn), "\n")
    if enc:
        d("Encounter #", ACCT(enc), "\n")


# ================================================================ prose

def t_operative(d):
    p, s, a = P(), Doc_("MD, FACS"), Doc_("MD")
    when = rdate()
    icd = ch(ICDS)
    d(ch(FACILITIES).upper(), "\nOPERATIVE REPORT\n\n")
    hdr_pt(d, p, enc=digits(9) if R.random() < .5 else None)
    d("DATE OF OPERATION: ", DATE(fdate(when)), "\nSURGEON: ", NAME(s.full()), ", " + s.cred,
      "\nASSISTANT: ", NAME(f"{a.last}, {a.first}"), " " + a.cred, "\nANESTHESIA: General endotracheal, ", NAME(Doc_().full()), ", CRNA\n\n")
    d("PREOPERATIVE DIAGNOSIS: ", icd[1].capitalize(), " (", ICD(icd[0]), ")\nPOSTOPERATIVE DIAGNOSIS: Same.\n")
    d("PROCEDURE: CPT " + ch(CPT) + ", see below.\n\n")
    d("INDICATIONS: The patient is a ", age_phrase(p), " ", ch(["man", "woman", "patient"]),
      " who was seen in clinic on ", DATE(fdate(when - dt.timedelta(days=R.randint(5, 40)))),
      ". Risks, benefits and alternatives were discussed with the patient and ", ch(["her daughter", "his son", "the spouse", "the niece"]), ", ",
      NAME(f"{ch(FIRST_F)} {p.last}"), ", who holds health-care power of attorney.\n\n")
    if R.random() < .6:
        dv = ch(DEVICES)
        d("IMPLANTS: ", dv[0], " ", dv[1], ", lot ", digits(6), ", serial ", DEV(serial()), "; UDI ", DEV(udi()), "\n\n")
    d("FINDINGS: Estimated blood loss 150 mL. Specimen sent to pathology as ", OID(f"S{when.year % 100}-{digits(5)}"), ".\n")
    d("Blood pressure 128/76, pulse 71. Counts correct x2.\n\n")
    d("DISPOSITION: To PACU in stable condition. Follow-up in clinic, call ", PHONE(phone_num()), " to schedule.\n\n")
    sig_doc(d, s, later(when, 0, 2))


def t_pathology(d):
    p, pa, sub = P(), Doc_("MD"), Doc_("MD")
    coll = rdate()
    acc = ch([f"SP-{coll.year % 100}-{digits(6)}", f"S{coll.year}-{digits(5)}", f"CP{digits(7)}"])
    d("SURGICAL PATHOLOGY REPORT          Accession: ", OID(acc), "\n", "=" * 62, "\n")
    d("Patient ........ ", NAME(f"{p.last.upper()}, {p.first.upper()} {p.mi}"), "\nMRN ............ ", MRN(p.mrn),
      "\nDOB/Age/Sex .... ", DATE(fdate(p.dob, 0)), " / ", (AGE if p.age > 89 else str)(str(p.age)), " / ", p.sex,
      "\nCollected ...... ", DATE(fdate(coll, 0)), "  Received: ", DATE(fdate(later(coll, 0, 1), 0)),
      "\nSubmitting MD .. ", NAME(f"{sub.last}, {sub.first}"), " (NPI ", NPI(sub.npi), ")\n\n")
    icd = ch(ICDS)
    d("CLINICAL HISTORY: ", icd[1], " (", ICD(icd[0]), ").\n\n")
    d("GROSS DESCRIPTION: Received in formalin labelled with the patient's name (", NAME(p.full()),
      ") and medical record number, a tan-pink ellipse of tissue measuring 2.1 x 1.4 x 0.6 cm. Block A1-A3.\n\n")
    d("MICROSCOPIC: Sections show ... Ki-67 approximately 12%. ER positive (Allred 7/8).\n\n")
    d("FINAL DIAGNOSIS: See synoptic report. CPT 88305 x3; LOINC 33717-0.\n\n")
    d("Verified by: ", NAME(f"{pa.first} {pa.mi}. {pa.last}"), ", " + pa.cred + ", on ", DATE(fdate(later(coll, 2, 6))), "\n")
    if R.random() < .5:
        d("Copy to: ", NAME(p.any_name()), "'s primary care, fax ", FAX(phone_num()), "\n")


def t_homehealth(d):
    p, nurse = P(old=R.random() < .4), Doc_("RN")
    v = rdate()
    d("Sunridge Home Health — Skilled Nursing Visit Note\n\n")
    d("Visit date: ", DATE(fdate(v)), "   Time in 0915  Time out 1010\n")
    d("Client: ", NAME(p.any_name()), "  (", age_phrase(p), ")\n")
    d("Home: ", addr_parts(p), "\nGate code 4471. Primary contact: ",
      NAME(f"{ch(FIRST_M + FIRST_F)} {ch(LAST)}"), " (neighbour) ", PHONE(phone_num()), "\n")
    d("Agency chart ", MRN(p.mrn), "; Medicare MBI ", PLAN(mbi()), "\n\n")
    d("S: Client states she slept 'better than last week'. Denies chest pain. Son visits Sundays.\n")
    d("O: BP 142/88 sitting, HR 76 irregular, SpO2 94% RA, T 98.1°F. Weight 61.2 kg. 2+ pitting edema bilateral.\n")
    icd = ch(ICDS)
    d("A: ", icd[1], ", ", ICD(icd[0]), "; stable.\n")
    d("P: Next visit ", DATE(fdate(later(v, 2, 8))), ". Notified ", "Dr. ", NAME(Doc_().full()),
      " by phone at ", PHONE(phone_num()), ch(["", " ext. " + str(R.randint(10, 999)), " x" + str(R.randint(100, 999))]), ".\n")
    d("\n", NAME(nurse.full()), ", ", nurse.cred, "  ", DATE(fdate(v)), "\n")


def t_telehealth(d):
    p, doc = P(), Doc_("MD")
    v = rdate()
    d("[Transcript — video visit via CareLink Connect v4.2.1]\n")
    d("Session ", up(4, "ABCDEF0123456789") + "-" + up(4, "ABCDEF0123456789"), "  ", DATE(fdate(v, 2)), " 14:02:11 (patient joined from ",
      IP(pub_ip() if R.random() < .7 else pub_ip6()), ")\n\n")
    dn = doc.last
    d("DR. ", NAME(dn.upper()), ": Hi, can you hear me okay? Can you confirm your name and date of birth for me?\n")
    d("PATIENT: Yes, it's ", NAME(p.full().lower() if R.random() < .2 else p.full()), ", and my birthday is ",
      DATE(fdate(p.dob, ch([3, 11, 15, 12]))), ".\n")
    d("DR. ", NAME(dn.upper()), ": Thank you. And you're at home in ", ADDR(p.city), " today?\n")
    d("PATIENT: Yeah, at my daughter's actually, ", ADDR(p.street), ". She's here, ", NAME(ch(FIRST_F)), ".\n")
    d("DR. ", NAME(dn.upper()), ": Hi ", NAME(ch(FIRST_F)), ". So the refill — ", ch(["metformin 500", "lisinopril 10", "sertraline 50"]),
      " mg — I'll send it. Same pharmacy?\n")
    d("PATIENT: Yes. Oh and my cell changed, it's ", PHONE(phone_num(ch([2, 3, 9]))), ".\n")
    d("DR. ", NAME(dn.upper()), ": Got it. I'm also putting in the A1c, LOINC 4548-4, before our next visit on ",
      DATE(fdate(later(v, 20, 90), ch([3, 6, 12, 15]))), ".\n")
    if R.random() < .5:
        d("PATIENT: Should I email the glucose log? ", EMAIL(p.email), "\n")
    d("[Call ended 14:19:40 — duration 17m29s]\n")
    d("Assessment: ", ICD(ch(ICDS)[0]), ". Signed ", NAME(doc.full()), ", ", doc.cred, ".\n")


def t_appeal(d):
    p, doc = P(), Doc_("MD")
    v = rdate()
    payer = ch(PAYERS)
    d(NAME(doc.full()), ", ", doc.cred, "\n", ch(FACILITIES), "\n", addr_parts(doc), "\nTel ", PHONE(doc.phone), "  Fax ", FAX(doc.fax), "\n\n")
    d(DATE(fdate(later(v, 10, 40), ch([3, 9, 15]))), "\n\n", payer, "\nAttn: Appeals and Grievances (sent by fax)\n\n")
    d("RE: Level 1 appeal of denied claim\nMember: ", NAME(p.lfm()), "\nMember ID: ", PLAN(p.plan), "   Group: GRP-" + digits(5),
      "\nClaim number: ", OID(digits(4) + "E" + digits(6)), "\nDate of service: ", DATE(fdate(v)), "\n\n")
    d("To whom it may concern,\n\nI am writing on behalf of my patient, ", NAME(f"{p.title} {p.last}"), ", to appeal the denial of ",
      "coverage for CPT ", ch(CPT), ". ", NAME(f"{p.title} {p.last}"), " carries a diagnosis of ",
      ICD(ch(ICDS)[0]), " and has failed two prior therapies since ", str(R.randint(2012, 2020)), ".\n\n")
    d("Please direct questions to my nurse, ", NAME(Doc_().full()), ", at ", PHONE(phone_num()), " ext. ", str(R.randint(2, 99)),
      ", or by e-mail to ", EMAIL(email_for(ch(FIRST_F), ch(LAST))), ".\n\nSincerely,\n\n", NAME(doc.fml()), ", ", doc.cred,
      "\nNPI ", NPI(doc.npi), "\n")


def t_refill(d):
    p, doc = P(), Doc_(ch(["MD", "NP", "DO"]))
    v = rdate()
    rx = ch(["Oxycodone 5 mg tab", "Alprazolam 0.5 mg", "Hydrocodone/APAP 5/325", "Lorazepam 1 mg"])
    d("REFILL REQUEST  —  ", ch(["Walgreens #0", "CVS/pharmacy #", "Rite Aid #", "Kroger Pharmacy #"]), digits(4), "\n")
    d("Sent: ", DATE(fdate(v, 0)), "\n\nPatient: ", NAME(p.any_name()), "\nDOB: ", DATE(fdate(p.dob, 0)),
      "\nPatient phone: ", PHONE(p.phone), "\nAddress: ", addr_parts(p), "\n\n")
    d("Drug: ", rx, "   NDC ", ch(NDC), "\nQty 30  Refills remaining: 0   Last fill ", DATE(fdate(later(v, -40, -20))), "\n\n")
    d("Prescriber: ", NAME(f"{doc.last}, {doc.first}"), " ", doc.cred, "\nDEA ", DEA(doc.dea), "   NPI ", NPI(doc.npi),
      "\nState lic. ", doc.state, " ", LIC(doc.lic), "\nOffice fax: ", FAX(doc.fax), "\n\n")
    d("[ ] Approve   [ ] Deny   [ ] Needs appointment\nPharmacist: ", NAME(P().full()), ", PharmD\n")


def t_dental(d):
    p, dds = P(age=R.randint(4, 88)), Doc_(ch(["DDS", "DMD"]))
    v = rdate()
    d("PINEWOOD DENTAL — PERIODONTAL / RESTORATIVE CHART\n")
    d("Pt: ", NAME(p.fml()), "   Chart #", MRN(p.mrn), "   DOB ", DATE(fdate(p.dob, 14)), "\nGuarantor: ",
      NAME(f"{ch(FIRST_M + FIRST_F)} {p.last}"), "   Ins. ", ch(["Delta Dental PPO", "MetLife Dental", "Guardian DentalGuard"]),
      " sub ID ", PLAN(p.plan), "\n\n")
    d("Exam ", DATE(fdate(v, 14)), " — D0150 comprehensive oral eval\n")
    for t in R.sample(range(1, 33), 4):
        d(f"  #{t:<2}  ", ch(["MOD composite", "watch", "sealant", "crown prep", "extract", "PD 4-5-4"]), "\n")
    d("Dx: ", ICD("K02.52"), " caries into dentin; ", ch(["K05.10", "K08.409"]) and "", "\n")
    d("Next recall ", DATE(fdate(later(v, 150, 200), 14)), "\nProvider: ", NAME(dds.full()), ", ", dds.cred, "\n")


def t_casemail(d):
    p, cm, other = P(), Doc_("MSW, LCSW"), Doc_("RN")
    v = rdate()
    d("From: ", NAME(cm.full()), " <", EMAIL(email_for(cm.first, cm.last)), ">\nTo: ", NAME(other.full()), " <",
      EMAIL(email_for(other.first, other.last)), ">\nSubject: ", NAME(p.last), " — transitions of care\n\n")
    d("Hi ", NAME(other.first), ",\n\nQuick update on ", NAME(p.full()), " (MRN ", MRN(p.mrn), "), discharged ",
      DATE(fdate(v, ch([3, 6, 12, 16]))), ". She's staying with her brother ", NAME(f"{ch(FIRST_M)} {ch(LAST)}"),
      " at ", ADDR(p.street_line()), " in ", ADDR(p.city), " for now, so home health should go there, not to the old place on ",
      ADDR(P().street), ".\n\n")
    d("Brother's cell is ", PHONE(phone_num()), ". The patient's own phone is off (bill unpaid). ")
    d("Medicaid ID ", PLAN(p.plan), " is active through the end of the month.\n\n")
    d("She missed the ", DATE(fdate(later(v, 3, 9), ch([3, 6, 19]))), " follow-up; I rebooked her for ", DATE(fdate(later(v, 10, 20), ch([3, 6, 19]))),
      ". Transportation via the county ride line (1-800-555-0143).\n\nThanks,\n", NAME(cm.first), "\n--\n", NAME(cm.full()), ", ", cm.cred,
      "\nCase Management | ", ch(FACILITIES), "\n", PHONE(phone_num()), "\n")


def t_incident(d):
    p, rep, wit = P(old=R.random() < .3), Doc_("RN"), Doc_("RN")
    v = rdate()
    d("PATIENT SAFETY EVENT REPORT  (confidential peer-review document)\nEvent ID: PSE-", str(v.year), "-", digits(4), "\n\n")
    d("Event date/time: ", DATE(fdate(v, 2)), " approx 02:40\nUnit: 5 West, room 5", digits(2), "B\nPerson affected: ", NAME(p.lfm()),
      ", ", age_phrase(p), "\nMRN ", MRN(p.mrn), "   Visit # ", ACCT(digits(10)), "\n\n")
    d("Description: Patient found on floor beside bed by ", NAME(wit.full()), ", RN. Bed alarm was not armed. ",
      "Patient states she was trying to reach the bathroom. Small laceration to left forehead.\n")
    d("Injury code ", ICD("W06.XXXA"), ch([", with ", "; "]), ICD("S01.81XA"), ".\nFamily notified: ", NAME(f"{ch(FIRST_F + FIRST_M)} {p.last}"),
      " (", ch(["son", "daughter", "spouse", "grandson"]), ") at ", PHONE(phone_num()), ".\n\n")
    d("Reported by: ", NAME(rep.full()), ", RN, employee ID ", OID("E" + digits(6)), "\n")


def t_trial(d):
    v = rdate()
    d("Protocol CXR-2291-03 — Screening & Enrollment Log (site 014)\n")
    d("Sponsor build 2.3.0; export generated ", fdate(v, 2), " 06:00 UTC\n\n")
    d("Scr# | Initials | Name | DOB | Screened | Outcome\n")
    for i in range(R.randint(4, 8)):
        p = P()
        sd = later(v, -60, -1)
        ini = (asciify(p.first)[0] + asciify(p.mi) + asciify(p.last)[0]).upper()
        d(f"014-{i + 1:03d} | {ini} | ", NAME(p.lfm()), " | ", DATE(fdate(p.dob, 4)), " | ", DATE(fdate(sd, 4)), " | ",
          ch(["enrolled", "screen fail (I/E 7)", "withdrew consent", "pending labs"]), "\n")
    d("\nCoordinator: ", NAME(Doc_().full()), ", CCRP  phone ", PHONE(phone_num()), "\nPI: Dr. ", NAME(Doc_().full()), "\n")


def t_discharge2p(d):
    p, doc = P(), Doc_("MD")
    v = rdate()
    d("Your Discharge Instructions\n\nPrepared for: ", NAME(p.full()), "\nYou were in the hospital from ", DATE(fdate(v, 3)), " to ",
      DATE(fdate(later(v, 1, 6), 3)), ".\n\n")
    d("Why you were here: ", ch(ICDS)[1], ".\n\nYour medicines: keep taking your insulin glargine 22 units at bedtime. Stop the ibuprofen.\n\n")
    d("Your next appointments:\n  * ", DATE(fdate(later(v, 7, 14), ch([12, 13, 15]))), " at 10:30 AM with Dr. ", NAME(doc.full()), "\n    ",
      ch(FACILITIES), ", ", ADDR(doc.street), ", ", ADDR(doc.city), " — call ", PHONE(phone_num()), " if you need to change it.\n")
    d("  * Lab draw on ", DATE(fdate(later(v, 3, 6), ch([12, 13, 15]))), " (fasting).\n\n")
    d("Call us right away if your temperature is over 101°F or you gain more than 3 pounds in a day. ",
      "After hours, the nurse line is 1-800-555-0199.\n\n")
    d("You told us your emergency contact is ", NAME(f"{ch(FIRST_M + FIRST_F)} {ch(LAST)}"), ", ", PHONE(phone_num()), ".\n")
    d("To see these instructions online: ", URL(f"https://mychart.{ch(['northfork', 'riverbend', 'lakehaven'])}health.org/p/{p.mrn}/avs"), "\n")


def t_labreq(d):
    p, doc = P(), Doc_("MD")
    v = rdate()
    d("LABORATORY REQUISITION\n", "-" * 40, "\n")
    d("Last name: ", NAME(p.last), "        First: ", NAME(p.first), "   MI: ", NAME(p.mi), "\n")
    d("Birth date (MM/DD/YYYY): ", DATE(fdate(p.dob, 0)), "   Sex: ", p.sex, "\n")
    d("SSN (optional): ", SSN(ssn(fmt=ch(["-", " ", ""]))) if R.random() < .6 else "***-**-" + digits(4), "\n")
    d("Street: ", ADDR(p.street_line()), "\nCity: ", ADDR(p.city), "   State: ", p.state, "   ZIP: ", ZIP(p.zip4 if R.random() < .3 else p.zip), "\n")
    d("Home phone: ", PHONE(p.phone), "   Work: ", PHONE(p.cell), ch([" ext 4402", " x31", ""]), "\n")
    d("Bill to: ", ch(PAYERS), "   Policy #: ", PLAN(p.plan), "\nInsured: ", NAME(p.full()), " (self)\n\n")
    d("Tests: [x] CMP (80053)  [x] CBC w/diff (85025)  [ ] TSH  [x] HbA1c (LOINC 4548-4)\nDx: ", ICD(ch(ICDS)[0]), ", ", ICD(ch(ICDS)[0]), "\n")
    d("Collection: ", DATE(fdate(v, 0)), " 07:45   Specimen ID ", OID(f"{v.strftime('%y%j')}{digits(5)}"), "\n")
    d("Ordering provider: ", NAME(f"{doc.last.upper()}, {doc.first.upper()}"), "  NPI ", NPI(doc.npi), "\n")


def t_immun(d):
    p = P(age=R.randint(0, 17) if R.random() < .5 else None)
    d("CERTIFICATE OF IMMUNIZATION\nChild/Person: ", NAME(p.fml()), "\nDate of birth: ", DATE(fdate(p.dob, ch([9, 4, 14]))), "\n")
    d("Parent/guardian: ", NAME(f"{ch(FIRST_F)} {ch([p.last, ch(LAST)])}"), "\nState registry ID: ", OID("IR" + digits(8)), "\n\n")
    d("Vaccine            Date given        Lot        Given by\n")
    v = p.dob
    for vac in R.sample(["DTaP", "IPV", "MMR", "Hep B", "Varicella", "Tdap", "Influenza", "COVID-19 (Moderna)", "HPV"], 5):
        v = later(v, 30, 400)
        d(f"{vac:<18} ", DATE(fdate(v, ch([9, 4, 14, 0]))), "   ", up(2) + digits(4), "   ", NAME(P().full()), "\n")
    d("\nCPT 90686 / ICD ", ICD("Z23"), " for each influenza dose.\n")


def t_subpoena(d):
    p, atty = P(), P()
    v = rdate()
    court = ch(["SUPERIOR COURT OF THE STATE OF CALIFORNIA, COUNTY OF FRESNO", "IN THE CIRCUIT COURT OF PEORIA COUNTY, ILLINOIS",
                "DISTRICT COURT, PUEBLO COUNTY, COLORADO"])
    d(court, "\n\nCase No. ", str(v.year), "-CV-", digits(5), "\n\n", NAME(p.full().upper()), ",\n        Plaintiff,\nv.\n",
      ch(["QUIKMART STORES, LLC", "TRANSCONTINENTAL FREIGHT INC.", "HARBORVIEW APARTMENTS LP"]), ",\n        Defendant.\n\n")
    d("SUBPOENA DUCES TECUM FOR MEDICAL RECORDS\n\nTO: Custodian of Records, ", ch(FACILITIES), "\n\n")
    d("YOU ARE COMMANDED to produce all medical and billing records pertaining to:\n  Name: ", NAME(p.fml()), "\n  Also known as: ",
      NAME(f"{p.first} {ch(LAST)}"), "\n  Date of birth: ", DATE(fdate(p.dob, 3)), "\n  SSN: ", SSN(p.ssn), "\n  Address: ", addr_parts(p), "\n")
    d("for dates of service from ", DATE(fdate(later(v, -400, -200), 3)), " through ", DATE(fdate(later(v, -100, -1), 3)), ".\n\n")
    d("Date of accident: ", DATE(fdate(later(v, -420, -401), 11)), ". Vehicle: ", " ".join(ch(MAKES)), ", plate ", VEH(plate()),
      ", VIN ", VEH(vin()), ".\n\n")
    d("Attorney for Plaintiff: ", NAME(atty.full()), ", Esq., Bar No. ", digits(6), "\n", addr_parts(atty), "\nTel ", PHONE(atty.phone),
      " | ", EMAIL(email_for(atty.first, atty.last)), "\n\nDated: ", DATE(fdate(v, 3)), "\n")


def t_obit(d):
    p = P(old=R.random() < .6)
    death = rdate(2022, 2026)
    sp, kids = P(), [P() for _ in range(R.randint(2, 4))]
    name = f"{p.first} {ch(['', p.mi + '. ', '“' + ch(['Bud', 'Sissy', 'Bunny', 'Tito', 'Mimi']) + '” '])}{p.last}"
    d(NAME(name), "\n", DATE(fdate(p.dob, 3)), " – ", DATE(fdate(death, 3)), "\n\n")
    d(NAME(p.first), ", ", age_phrase(p), ", of ", ADDR(p.city), ", passed away peacefully on ", DATE(fdate(death, ch([3, 11, 15, 12]))),
      " at ", ch(["Harbor Light Hospice", "home", "Saint Hedwig Memorial Hospital"]), ". Born in ", ADDR(ch(CITIES)[0]), " to ",
      NAME(ch(FIRST_M)), " and ", NAME(f"{ch(FIRST_F)} {ch(LAST)}"), ", ", ch(["she", "he"]), " worked 31 years at the Maple Street Mill.\n\n")
    d("Survivors include ", ch(["her husband", "his wife", "a partner"]), " of 62 years, ", NAME(sp.first), "; children ",
      seq_join([[NAME(k.full()), " (", NAME(ch(FIRST_M + FIRST_F)), ") of ", ADDR(k.city)] for k in kids]), ".\n\n")
    d("Visitation ", DATE(fdate(later(death, 3, 6), 12)), ", 4–7 p.m., Kessler & Sons Funeral Home. ",
      "In lieu of flowers, the family asks for gifts to the memorial fund: ", URL(f"https://www.gofundme.com/f/{asciify(p.first).lower()}-{re.sub(r'[^a-z]', '', asciify(p.last).lower())}-memorial"),
      "\nCondolences: ", PHONE(phone_num()), "\n")


def t_deathcert(d):
    p = P(old=R.random() < .5)
    death = rdate(2021, 2026)
    doc = Doc_("MD")
    inf = P()
    d("CERTIFICATE OF DEATH — WORKSHEET (not an official copy)\nState file no. ", str(death.year), "-", digits(6), "\n\n")
    d("1. Decedent's legal name: ", NAME(f"{p.first} {p.mi} {p.last}".upper()), "\n2. Sex: ", p.sex, "\n3. SSN: ", SSN(p.ssn), "\n")
    bc = ch(CITIES)
    d("4a. Age (years): ", (AGE if p.age > 89 else str)(str(p.age)), "\n5. Date of birth: ", DATE(fdate(p.dob, 0)), "\n6. Birthplace: ",
      [ADDR(bc[0]), ", ", bc[1]] if R.random() < .7 else [ADDR(ch(["Guadalajara", "Kraków", "Lagos", "Manila", "Pune"])), ", ", ch(["Mexico", "Poland", "Nigeria", "Philippines", "India"])], "\n7. Residence: ", addr_parts(p, upper=R.random() < .5),
      ", county ", ADDR(ch(COUNTIES)), "\n")
    d("8. Date of death: ", DATE(fdate(death, ch([3, 9, 12]))), "\n9. Informant: ", NAME(inf.full()), ", ", ch(["daughter", "son", "spouse"]),
      ", ", addr_parts(inf), "\n")
    c1, c2 = ch(ICDS), ch(ICDS)
    d("32. Cause of death: (a) ", c1[1], " [", ICD(c1[0]), "] due to (b) ", c2[1], " [", ICD(c2[0]), "]\n")
    d("Certifier: ", NAME(doc.fml()), ", ", doc.cred, "  License ", LIC(doc.lic), "  Date signed ", DATE(fdate(later(death, 0, 3), 0)), "\n")
    d("Funeral facility: Evergreen Rest Funeral Home, phone ", PHONE(phone_num()), "\n")


def t_portal_thread(d):
    p, doc = P(), Doc_("NP")
    v = rdate()
    d("MyHealth Inbox — conversation export\n\n")
    d("From: ", NAME(p.full()), "   Sent ", DATE(fdate(v, 6)), " 9:14 PM\n")
    d("hi its ", NAME(p.first.lower()), " again. my grandma ", NAME(f"{ch(FIRST_F)} {ch(LAST)}"), " ")
    gm = P(old=True)
    d("(she is ", AGE(str(gm.age)), ") fell again. can she be seen with me? her medicare # is ", PLAN(mbi()), ". also my new address is ",
      ADDR(p.street_line()), ", ", ADDR(p.city), " ", ZIP(p.zip), ".\n\n")
    d("From: ", NAME(doc.full()), ", ", doc.cred, "   Sent ", DATE(fdate(later(v, 1, 2), 6)), "\n")
    d("Hello ", NAME(p.first), ", we can see you both on ", DATE(fdate(later(v, 3, 10), ch([12, 13, 3]))),
      ". I have updated your address. Please bring her card and a list of meds.\n")


def t_mva_intake(d):
    p, doc = P(), Doc_(ch(["DC", "MD", "PA-C"]))
    v = rdate()
    mk = ch(MAKES)
    d("MOTOR VEHICLE ACCIDENT — NEW PATIENT INTAKE\n\n")
    d(NAME(f"{p.last.upper()}, {p.first} {p.mi}."), "  (patient)\n", DATE(fdate(p.dob, ch([0, 1, 14]))), "  (date of birth)\n")
    d(ADDR(p.street_line()), "\n", ADDR(p.city), ", ", p.state, "  ", ZIP(p.zip4 if R.random() < .5 else p.zip), "\n")
    d(PHONE(p.cell), " — mobile;  ", PHONE(p.phone), " — home\n\n")
    d("Accident date: ", DATE(fdate(later(v, -20, -2), ch([11, 12, 13, 14, 15]))), "\nDriver's license: ", LIC(p.dl), " (", p.state, ")\n")
    d("Patient's vehicle: ", str(R.randint(2008, 2024)), " ", mk[0], " ", mk[1], ", plate ", VEH(plate()), ", VIN\n  ", VEH(vin()), "\n")
    d("Other vehicle plate (per police report #", digits(2), "-", digits(6), "): ", VEH(plate()), "\n")
    d("Auto carrier: ", ch(["State Farm", "GEICO", "Progressive", "Allstate"]), ", claim ", OID(digits(2) + "-" + digits(5) + up(1) + digits(3)), ", adjuster ",
      NAME(P().full()), " ", PHONE(phone_num()), ", ext. ", str(R.randint(1000, 9999)), "\n")
    d("Health plan: ", ch(PAYERS), ", member\n  ", PLAN(p.plan), "\n\n")
    d("Complaints: neck pain 7/10, headache. Dx: ", ICD(ch(["S13.4XXA", "S16.1XXA", "M54.2"])), ", ", ICD(ch(["V43.52XA", "S06.0X0A"])), ".\n")
    d("Seen by ", NAME(doc.full()), ", ", doc.cred, " on ", DATE(fdate(v, ch([0, 3, 6]))), ".\n")


def t_device_clinic(d):
    p, doc = P(old=R.random() < .35), Doc_("MD")
    v = rdate()
    dv = ch(DEVICES[:2])
    sers = [serial() for _ in range(3)]
    d("DEVICE CLINIC — REMOTE INTERROGATION SUMMARY\n\n")
    d("Patient: ", NAME(p.fml()), "   DOB: ", DATE(fdate(p.dob)), "   Age: ", (AGE if p.age > 89 else str)(str(p.age)), "\n")
    d("Transmission received ", DATE(fdate(v, ch([3, 6, 2]))), " from home monitor serial ", DEV(serial()), " (", IP(pub_ip()), ")\n\n")
    d("Generator: ", dv[0], " ", dv[1], ", implanted ", DATE(fdate(later(v, -2000, -300), ch([3, 6, 0]))), "\n")
    d("Serials on file: generator ", DEV(sers[0]), ", RA lead ", DEV(sers[1]), " and RV lead ", DEV(sers[2]), ".\n")
    d("Battery 8.1 years. RV threshold 0.75 V @ 0.4 ms. AF burden 3.2%.\n")
    d("Dx: ", ICD(ch(["I49.5", "I44.2", "Z95.0"])), ", ", ICD("I48.91"), ".\n")
    d("Results released to patient portal: ", URL(f"https://portal.{ch(['northfork', 'cascadia', 'bellwether'])}health.org/chart/{p.mrn}/devices"), "\n")
    d("Reviewed: ", NAME(doc.full()), ", ", doc.cred, "  ", DATE(fdate(later(v, 0, 2))), "\n")


def t_biometric(d):
    e = P()
    v = rdate()
    d("Employee Health & Access Control — Biometric Enrollment Record\n\n")
    d("Employee: ", NAME(e.lfm()), "   Employee ID: ", OID(ch(["E", "EMP-", "W"]) + digits(6)), "\nDepartment: Environmental Services\n")
    d("Passport (I-9, List A): ", OID(up(1) + digits(8)), "   DOB: ", DATE(fdate(e.dob, ch([0, 2, 14]))), "\n\n")
    d("Enrolled ", DATE(fdate(v, ch([3, 0, 9]))), " by ", NAME(P().full()), "\n")
    d("  Fingerprint template ID: ", BIO("FP-" + up(12, "0123456789ABCDEF")), "\n")
    d("  Palm-vein template: ", BIO("PV" + digits(10)), "\n")
    if R.random() < .5:
        d("  Voiceprint enrollment ref: ", BIO("VP-" + up(4) + "-" + digits(6)), "\n")
    d("  Reader firmware 5.12.0, matcher threshold 0.82\n\n")
    d("TB screening ", ICD("Z11.1"), " negative; hepatitis B titer reactive. Badge photo hash sha1:", hexs(40), "\n")


def t_ems(d):
    p, medic, medic2 = P(old=R.random() < .3), P(), P()
    v = rdate()
    d("PATIENT CARE REPORT — Rescue 14 / Medic ", str(R.randint(1, 30)), "\nIncident #", str(v.year), "-", digits(6), "   Date of service: ", DATE(fdate(v, ch([0, 1, 8]))), "\n\n")
    d("Dispatched 02:14, on scene 02:23, transport 02:41. Response to ", ADDR(p.street_line()), ", ", ADDR(p.city), " (", ch(["caller's home", "residence", "mobile home park"]), ").\n")
    d("Pt: ", NAME(f"{p.first.upper()} {p.last.upper()}"), ", ", age_phrase(p), " ", ch(["M", "F"]), ", DOB ", DATE(fdate(p.dob, ch([1, 7]))), ".\n")
    d("Caller: ", NAME(f"{ch(FIRST_F + FIRST_M)} {ch(LAST)}"), " (", ch(["neighbour", "grandson", "home aide"]), "), callback ", PHONE(phone_num()), ".\n\n")
    d("CC: fall with ", ch(["hip pain", "head strike", "syncope"]), ". GCS 14. BP 162/94, HR 88, RR 18, SpO2 95%, BGL 142. 18g IV L AC.\n")
    d("Impression: ", ICD(ch(["S72.002A", "R55", "W19.XXXA", "S06.0X0A"])), ".\n")
    d("Transported to ", ch(FACILITIES), ", care transferred to ", NAME(P().full()), ", RN.\n")
    d("Crew: ", NAME(f"{medic.last}, {medic.first}"), " (NREMT lic ", LIC(ch(["P", "EMT-"]) + digits(6)), "); ",
      NAME(f"{medic2.first[0]}. {medic2.last}"), "\n")
    d("Medicare ", PLAN(mbi()), "; Medicaid ", PLAN(plan_id()), "\n")


def t_genetics(d):
    p, gc = P(), Doc_("MS, CGC")
    v = rdate()
    gm = P(old=True)
    d(ch(FACILITIES), " — Cancer Genetics Program\n\n", DATE(fdate(v, ch([3, 9, 11]))), "\n\n")
    d("Dear ", NAME(f"{p.title} {p.last}"), ",\n\nThank you for meeting with me on ", DATE(fdate(later(v, -30, -7), ch([3, 12, 15]))),
      ". As we discussed, your result from the multigene panel (lab accession ", OID(up(2) + digits(8)), ") showed a pathogenic variant in BRCA2 ",
      "(c.5946delT).\n\n")
    d("Your family history: your maternal grandmother, ", NAME(gm.full()), ", was diagnosed with ovarian cancer at 71 and is still living at ",
      AGE(str(gm.age)), "; your mother, ", NAME(f"{ch(FIRST_F)} {p.last}"), ", had breast cancer (", ICD("Z80.3"), " for you). Your sister ",
      NAME(ch(FIRST_F)), " (born ", DATE(fdate(dob(p.age - R.randint(1, 8)), ch([3, 0]))), ") may wish to be tested.\n\n")
    d("Your diagnosis codes for insurance: ", ICD("Z15.01"), ", ", ICD("Z80.41"), ". Please call me at ", PHONE(phone_num()), ch([" ext. ", " x"]), str(R.randint(10, 9999)),
      " or write to ", EMAIL(email_for(gc.first, gc.last)), ".\n\nWarmly,\n", NAME(gc.full()), ", MS, CGC\n")


def t_workcomp(d):
    p, emp, doc = P(), P(), Doc_("MD")
    v = rdate()
    d("FIRST REPORT OF WORK INJURY (employer copy)\n\n")
    d("1) Employee name (last, first, MI) ......... ", NAME(f"{p.last}, {p.first}, {p.mi}"), "\n")
    d("2) SSN ...................................... ", SSN(ssn(fmt=ch([" ", "-"]))), "\n")
    d("3) Date of birth ............................ ", DATE(fdate(p.dob, ch([0, 8, 1]))), "\n")
    d("4) Home address ............................. ", ADDR(p.street_line()), "\n   City / State / ZIP ......................... ", ADDR(p.city), " / ", p.state, " / ",
      ZIP(p.zip4), "\n")
    d("5) Phone ..................................... ", PHONE(p.phone), "\n6) Employee ID ............................... ", OID(digits(7)), "\n")
    d("7) Date of injury ............................ ", DATE(fdate(v, ch([0, 8, 1]))), "    Time 14:20\n")
    d("8) Injury: ", ch(["laceration R hand on box cutter", "low back strain lifting pallet", "slip on wet floor, L wrist"]), " — ",
      ICD(ch(["S61.411A", "S39.012A", "S52.501A"])), "\n")
    d("9) Treating physician: ", NAME(f"{doc.first} {doc.last}"), ", ", doc.cred, ", NPI ", NPI(doc.npi), ", ", PHONE(doc.phone), "\n")
    d("10) Supervisor: ", NAME(emp.full()), "   Carrier claim # ", OID("WC" + digits(8)), "\n")


# ================================================================ code / data

def js(v):
    return json.dumps(v, ensure_ascii=False)[1:-1]


def sq(v):
    return v.replace("'", "''")


def bq(v):
    return v.replace("\\", "\\\\").replace("'", "\\'")


def iso(d):
    return d.isoformat()


def t_go(d):
    d("package intake_test\n\nimport (\n\t\"testing\"\n\t\"time\"\n\n\t\"github.com/acme-health/intake/v3/model\"\n)\n\n")
    d("// fixtures for the v3.14.2 importer; regenerate with `go generate ./...`\nvar patients = []model.Patient{\n")
    for i in range(R.randint(2, 4)):
        p = P(old=R.random() < .15)
        d("\t{\n\t\tID:        ", str(1000 + i), ",\n\t\tGiven:     \"", NAME(js(p.first)), "\",\n\t\tFamily:    \"", NAME(js(p.last)), "\",\n")
        if R.random() < .5:
            d("\t\tBirthDate: time.Date(", DATE(f"{p.dob.year}, {p.dob.month}, {p.dob.day}"), ", 0, 0, 0, 0, time.UTC),\n")
        else:
            d("\t\tBirthDate: mustDate(\"", DATE(iso(p.dob)), "\"),\n")
        d("\t\tSSN:       \"", SSN(p.ssn.replace("-", "") if R.random() < .4 else p.ssn), "\",\n\t\tMRN:       \"", MRN(p.mrn), "\",\n")
        d("\t\tAddress:   model.Addr{Line1: \"", ADDR(p.street_line()), "\", City: \"", ADDR(p.city), "\", State: \"", p.state, "\", Zip: \"", ZIP(p.zip), "\"},\n")
        d("\t\tPhone:     \"", PHONE(p.phone), "\",\n")
        if p.age > 89:
            d("\t\tAge:       ", AGE(str(p.age)), ",\n")
        d("\t},\n")
    d("}\n\nfunc TestImport(t *testing.T) {\n\tgot := model.Import(patients, model.Opts{Port: 8443, Retries: 3})\n\tif len(got) == 0 {\n\t\tt.Fatal(\"empty\")\n\t}\n}\n")


def t_rust(d):
    d("//! Seed data for `claims-engine` integration tests (crate 0.9.7).\nuse chrono::NaiveDate;\nuse claims_engine::{Member, Claim};\n\n")
    d("pub fn members() -> Vec<Member> {\n    vec![\n")
    for i in range(R.randint(2, 4)):
        p = P()
        d("        Member {\n            member_id: \"", PLAN(p.plan), "\".into(),\n            name: \"", NAME(p.full()), "\".into(),\n")
        d("            dob: NaiveDate::from_ymd_opt(", DATE(f"{p.dob.year}, {p.dob.month}, {p.dob.day}"), ").unwrap(),\n")
        d("            email: Some(\"", EMAIL(p.email), "\".to_string()),\n            card_on_file: \"", CC(card(group=R.random() < .5)), "\".into(),\n")
        d("            zip: \"", ZIP(p.zip), "\".into(),\n        },\n")
    p = P()
    d("    ]\n}\n\n#[test]\nfn adjudicates() {\n    let c = Claim::new(\"", ICD(ch(ICDS)[0]), "\", 99214, 125_00);\n")
    d("    // rendering provider ", NAME(Doc_().full()), " npi=", NPI(npi()), "\n    assert!(c.total_cents() > 0);\n}\n")


def t_ruby(d):
    d("# spec/factories/patients.rb  (factory_bot 6.4)\nFactoryBot.define do\n")
    for i in range(R.randint(2, 3)):
        p = P(old=R.random() < .2)
        d(f"  factory :patient_{i + 1}, class: \"Patient\" do\n", "    first_name { \"", NAME(p.first), "\" }\n    last_name  { \"", NAME(p.last), "\" }\n")
        d("    dob        { Date.new(", DATE(f"{p.dob.year}, {p.dob.month}, {p.dob.day}"), ") }\n")
        if p.age > 89:
            d("    age        { ", AGE(str(p.age)), " }\n")
        d("    mrn        { \"", MRN(p.mrn), "\" }\n    email      { \"", EMAIL(p.email), "\" }\n")
        d("    home_phone { \"", PHONE(p.phone), "\" }\n    street     { \"", ADDR(p.street_line()), "\" }\n    city       { \"", ADDR(p.city), "\" }\n")
        d("    state      { \"", p.state, "\" }\n    postal     { \"", ZIP(p.zip), "\" }\n")
        if R.random() < .5:
            d("    drivers_license { \"", LIC(p.dl), "\" }\n")
        d("    password   { \"hunter2-", digits(4), "\" }\n  end\n\n")
    d("  factory :anon, class: \"Patient\" do\n    first_name { \"Test\" }\n    email { \"qa@example.com\" }\n    home_phone { \"555-0123\" }\n  end\nend\n")


def t_php(d):
    d("<?php\n// database/seeders/GuarantorSeeder.php\nnamespace Database\\Seeders;\n\nuse Illuminate\\Database\\Seeder;\nuse Illuminate\\Support\\Facades\\DB;\n\n")
    d("class GuarantorSeeder extends Seeder\n{\n    public function run(): void\n    {\n        DB::table('guarantors')->insert([\n")
    for i in range(R.randint(2, 4)):
        p = P()
        d("            [\n                'nom_complet' => '", NAME(bq(p.lfm())), "',\n                'ssn' => '", SSN(p.ssn), "',\n")
        d("                'born' => '", DATE(fdate(p.dob, ch([0, 2, 3]))), "',\n                'acct_no' => '", ACCT(p.acct), "',\n")
        d("                'adresse' => '", ADDR(bq(p.street_line())), "',\n                'ville' => '", ADDR(bq(p.city)), "',\n                'cp' => '", ZIP(p.zip), "',\n")
        d("                'tel' => '", PHONE(p.phone), "',\n                'cc' => '", CC(card()), "', 'cc_exp' => '", f"{R.randint(1, 12):02d}/{R.randint(26, 31)}", "',\n")
        d("                'created_at' => now(),\n            ],\n")
    d("        ]);\n    }\n}\n")


def t_kotlin(d):
    d("package org.northfork.ehr.sync\n\nimport java.time.LocalDate\nimport kotlin.test.Test\nimport kotlin.test.assertEquals\n\n")
    d("class EncounterMapperTest {\n")
    p, doc = P(), Doc_("MD")
    v = rdate()
    d("    private val pt = PatientDto(\n        mrn = \"", MRN(p.mrn), "\",\n        given = listOf(\"", NAME(p.first), "\", \"", NAME(p.mi), "\"),\n")
    d("        family = \"", NAME(p.last), "\",\n        birthDate = LocalDate.of(", DATE(f"{p.dob.year}, {p.dob.month}, {p.dob.day}"), "),\n")
    d("        telecom = \"", PHONE(p.cell), "\",\n    )\n\n")
    d("    @Test\n    fun `maps encounter`() {\n        val enc = EncounterDto(\n            csn = ", ACCT(digits(9)), "L,\n")
    d("            admitted = LocalDate.parse(\"", DATE(iso(v)), "\"),\n            attending = \"", NAME(f"{doc.last}, {doc.first}"), "\",\n")
    d("            attendingNpi = \"", NPI(doc.npi), "\",\n            dx = listOf(\"", ICD(ch(ICDS)[0]), "\", \"", ICD(ch(ICDS)[0]), "\"),\n        )\n")
    d("        assertEquals(\"", ACCT(digits(9)) if False else "", "0.12.3\", Mapper.version)\n        assertEquals(2, enc.dx.size)\n    }\n}\n")


def t_swift(d):
    d("import XCTest\n@testable import CareKit\n\nfinal class ProfileTests: XCTestCase {\n")
    p = P()
    d("    let sample = Profile(\n        displayName: \"", NAME(p.full()), "\",\n")
    d("        birthday: DateComponents(", DATE(f"year: {p.dob.year}, month: {p.dob.month}, day: {p.dob.day}"), "),\n")
    d("        phone: \"", PHONE(p.phone), "\",\n        emergencyContact: (\"", NAME(f"{ch(FIRST_M + FIRST_F)} {ch(LAST)}"), "\", \"",
      PHONE(phone_num()), "\"),\n")
    d("        faceTemplateID: \"", BIO("FT-" + up(8, "0123456789ABCDEF")), "\",\n        deviceSerial: \"", DEV(serial()), "\"\n    )\n\n")
    d("    func testAge() {\n        XCTAssertEqual(sample.displayName.split(separator: \" \").count, 2)\n        // build 2024.11.3 (4471)\n    }\n}\n")


def t_curl(d):
    p = P()
    v = rdate()
    d("#!/bin/sh\n# replay the failing intake call from ticket OPS-", digits(4), "\nset -eu\nAPI=${API:-https://api.staging.example.com/v2}\n")
    d("TOKEN=$(cat ~/.config/intake/token)\n\n")
    d("curl -sS -X POST \"$API/patients\" \\\n  -H \"Authorization: Bearer $TOKEN\" \\\n  -H 'Content-Type: application/json' \\\n  -d '{\n")
    d("    \"fullName\": \"", NAME(js(p.full()).replace("'", "'\\''")), "\",\n    \"dateOfBirth\": \"", DATE(fdate(p.dob, ch([0, 2]))), "\",\n")
    d("    \"ssn\": \"", SSN(p.ssn), "\",\n    \"addr\": {\"street\": \"", ADDR(js(p.street_line()).replace("'", "'\\''")), "\", \"city\": \"",
      ADDR(js(p.city).replace("'", "'\\''")), "\", \"zip\": \"", ZIP(p.zip), "\"},\n")
    d("    \"phone\": \"", PHONE(p.phone), "\"\n  }'\n\n")
    q = urllib.parse.quote(p.last)
    d("# lookup by name + dob\ncurl -sS \"$API/patients/search?family=", NAME(q), "&given=", NAME(urllib.parse.quote(p.first)), "&birthdate=",
      DATE(iso(p.dob)), "&_count=5\"\n")
    d("curl -sS \"$API/encounters?patient=", OID(p.mrn if False else "pt-" + digits(7)), "&_count=20\" | jq '.entry[].resource.id'\n")


def t_toml(d):
    p, doc = P(), Doc_("MD")
    d("# demo-tenant.toml -- loaded by `ehr-demo --tenant demo` (schema 4)\n[server]\nlisten = \"0.0.0.0:8080\"\nworkers = 4\n\n")
    d("[smtp]\nhost = \"smtp.example.net\"\nport = 587\nfrom = \"noreply@example.net\"\n\n")
    d("[[demo.patients]]\nname = \"", NAME(js(p.full())), "\"\nmrn = \"", MRN(p.mrn), "\"\nbirth = ", DATE(iso(p.dob)), "\n")
    d("mobile = \"", PHONE(p.cell), "\"\nlocation = { street = \"", ADDR(js(p.street_line())), "\", city = \"", ADDR(js(p.city)), "\", zip = \"", ZIP(p.zip), "\" }\n")
    d("login_ip = \"", IP(pub_ip()), "\"\n\n[[demo.providers]]\nname = \"", NAME(js(doc.full())), "\"\nnpi = \"", NPI(doc.npi), "\"\ndea = \"", DEA(doc.dea), "\"\n")
    d("fax = \"", FAX(doc.fax), "\"\n")


def t_cda(d):
    p, doc = P(old=R.random() < .2), Doc_("MD")
    v = rdate()
    d('<?xml version="1.0" encoding="UTF-8"?>\n<ClinicalDocument xmlns="urn:hl7-org:v3">\n  <templateId root="2.16.840.1.113883.10.20.22.1.2"/>\n')
    d('  <recordTarget>\n    <patientRole>\n      <id extension="', MRN(p.mrn), '" root="2.16.840.1.113883.19.5"/>\n')
    d('      <id extension="', SSN(p.ssn.replace("-", "")), '" root="2.16.840.1.113883.4.1"/>\n')
    d('      <addr use="HP">\n        <streetAddressLine>', ADDR(p.street), '</streetAddressLine>\n')
    if p.unit:
        d('        <streetAddressLine>', ADDR(p.unit), '</streetAddressLine>\n')
    d('        <city>', ADDR(p.city), '</city>\n        <state>', p.state, '</state>\n        <postalCode>', ZIP(p.zip), '</postalCode>\n      </addr>\n')
    d('      <telecom value="tel:', PHONE(p.phone.replace(" ", "-")), '" use="HP"/>\n      <telecom value="mailto:', EMAIL(p.email), '"/>\n')
    d('      <patient>\n        <name use="L"><given>', NAME(p.first), '</given><given>', NAME(p.mi), '</given><family>', NAME(p.last), '</family></name>\n')
    d('        <administrativeGenderCode code="', p.sex, '" codeSystem="2.16.840.1.113883.5.1"/>\n        <birthTime value="', DATE(p.dob.strftime("%Y%m%d")), '"/>\n')
    d('      </patient>\n    </patientRole>\n  </recordTarget>\n  <author>\n    <time value="', DATE(v.strftime("%Y%m%d")), '"/>\n')
    d('    <assignedAuthor>\n      <id extension="', NPI(doc.npi), '" root="2.16.840.1.113883.4.6"/>\n      <assignedPerson><name><prefix>Dr.</prefix><given>',
      NAME(doc.first), '</given><family>', NAME(doc.last), '</family><suffix>', doc.cred, '</suffix></name></assignedPerson>\n    </assignedAuthor>\n  </author>\n')
    c = ch(ICDS)
    d('  <component><section><code code="11450-4" codeSystem="2.16.840.1.113883.6.1"/>\n    <entry><observation><value code="', ICD(c[0]),
      '" codeSystem="2.16.840.1.113883.6.90" displayName="', c[1], '"/>\n      <effectiveTime><low value="', DATE(fdate(later(v, -900, -30), 10)), '"/></effectiveTime>\n')
    d('    </observation></entry>\n  </section></component>\n</ClinicalDocument>\n')


def t_graphql(d):
    items = []
    d('{"data":{"searchPatients":{"totalCount":', str(R.randint(2, 40)), ',"pageInfo":{"hasNextPage":true,"endCursor":"Y3Vyc29yOjI="},"nodes":[')
    n = R.randint(2, 3)
    for i in range(n):
        p = P(old=R.random() < .25)
        d('{"__typename":"Patient","id":"', OID("UGF0aWVudDo" + up(6, "abcdefghijkmnopqrstuvwxyz0123456789")), '","displayName":"', NAME(js(p.full())),
          '","birthDate":"', DATE(iso(p.dob)), '","ageYears":', (AGE if p.age > 89 else str)(str(p.age)),
          ',"contact":{"email":"', EMAIL(p.email), '","phone":"', PHONE(p.phone), '"},"coverage":[{"payer":"', js(ch(PAYERS)), '","memberId":"',
          PLAN(p.plan), '"}],"homeAddress":{"line1":"', ADDR(js(p.street_line())), '","locality":"', ADDR(js(p.city)), '","region":"', p.state,
          '","postcode":"', ZIP(p.zip), '"}}')
        if i < n - 1:
            d(",")
    d(']}},"extensions":{"cost":{"requestedQueryCost":57},"traceId":"', up(32, "0123456789abcdef"), '"}}\n')


def t_ndjson(d):
    base = dt.datetime(2025, R.randint(1, 12), R.randint(1, 28), R.randint(0, 23), R.randint(0, 59))
    for i in range(R.randint(6, 10)):
        ts = (base + dt.timedelta(seconds=R.randint(1, 90) * i)).strftime("%Y-%m-%dT%H:%M:%S.") + digits(3) + "Z"
        k = R.randint(0, 5)
        p = P(old=R.random() < .1)
        d('{"ts":"', ts, '","level":"', ch(["info", "warn", "error"]), '","svc":"eligibility-gw","pid":', str(R.randint(100, 40000)), ',')
        if k == 0:
            d('"msg":"eligibility check","member":"', PLAN(p.plan), '","subscriber":"', NAME(js(p.lfm())), '","dob":"', DATE(fdate(p.dob, 13)), '"}\n')
        elif k == 1:
            d('"msg":"portal login","user":"', EMAIL(p.email), '","remote_addr":"', IP(pub_ip() if R.random() < .7 else pub_ip6()), '","ok":true}\n')
        elif k == 2:
            d('"msg":"upstream timeout","host":"10.20.4.', str(R.randint(2, 250)), ':8443","elapsed_ms":', str(R.randint(3000, 9000)), '}\n')
        elif k == 3:
            d('"msg":"SMS reminder queued","to":"', PHONE(phone_num(8)), '","appt":"', DATE(fdate(rdate(2025, 2026), 2)), '","patient_mrn":"', MRN(p.mrn), '"}\n')
        elif k == 4:
            d('"msg":"payment declined","card":"', CC(card(group=False)), '","billing_zip":"', ZIP(p.zip), '","acct":"', ACCT(p.acct), '"}\n')
        else:
            d('"msg":"validation failed","field":"patient.age","value":', (AGE if p.age > 89 else str)(str(p.age)), ',"name":"', NAME(js(p.full())),
              '","request_id":"', up(8, "0123456789abcdef"), '-', up(4, "0123456789abcdef"), '"}\n')


CSV_HEADERS = [
    ("es", ["nombre", "apellido", "fecha_nacimiento", "dirección", "ciudad", "código_postal", "teléfono", "correo", "nss"]),
    ("fr", ["prénom", "nom", "date_de_naissance", "adresse", "ville", "code_postal", "téléphone", "courriel", "no_secu"]),
    ("de", ["Vorname", "Nachname", "Geburtsdatum", "Straße", "Ort", "PLZ", "Telefon", "E-Mail", "SVNR"]),
    ("en", ["GIVEN_NM", "SURNM", "BRTH_DT", "ADDR_LN_1", "CTY_NM", "ZIP5", "PH_NBR", "EML_ADR", "SSN_NBR"]),
    ("pt", ["nome", "sobrenome", "data_nasc", "logradouro", "cidade", "cep", "telefone", "email", "ssn"]),
]


def t_csv_intl(d):
    lang, hdr = ch(CSV_HEADERS)
    sep = ch([",", ";", "|", "\t"])
    crlf = R.random() < .3
    if crlf:
        d.nl = "\r\n"
    extra = ch([["row_id", "loaded_at"], ["_rid", "_ingest_ts"]])
    d(sep.join(extra[:1] + hdr + extra[1:]), "\n")
    dfmt = {"es": 14, "fr": 14, "de": 14, "en": 2, "pt": 18}[lang]
    for i in range(R.randint(5, 9)):
        p = P()
        ph = intl_phone() if lang != "en" and R.random() < .4 else p.phone
        row = [str(i + 1), NAME(p.first), NAME(p.last), DATE(fdate(p.dob, dfmt)), ADDR(p.street_line()), ADDR(p.city), ZIP(p.zip), PHONE(ph),
               EMAIL(p.email), SSN(p.ssn) if R.random() < .7 else "", "2025-03-0" + str(R.randint(1, 9)) + " 04:1" + str(R.randint(0, 9)) + ":00"]
        out = []
        for j, c in enumerate(row):
            if j:
                out.append(sep)
            if isinstance(c, tuple) and sep in c[0] or isinstance(c, tuple) and "," in c[0] and sep == ",":
                out += ['"', c, '"']
            else:
                out.append(c)
        d(out, "\n")


def hl7name(p):
    return f"{p.last.upper()}^{p.first.upper()}^{p.mi}"


def hl7date(x, time=False):
    return x.strftime("%Y%m%d") + (f"{R.randint(0, 23):02d}{R.randint(0, 59):02d}" if time else "")


def t_hl7(d):
    d.nl = "\r"
    kind = R.randint(0, 2)
    p, old, doc, g = P(old=R.random() < .2), P(), Doc_("MD"), P()
    v = rdate()
    msh = f"MSH|^~\\&|EPIC|NFRMC|RHAPSODY|HIE|{v.strftime('%Y%m%d')}{R.randint(10, 23)}{R.randint(10, 59)}{R.randint(10, 59)}||"
    if kind == 0:
        d(msh, "ADT^A40^ADT_A39|", digits(10), "|P|2.5.1\n", "EVN|A40|", v.strftime("%Y%m%d%H%M"), "\n")
        d("PID|1||", MRN(p.mrn), "^^^NFRMC^MR||", NAME(hl7name(p)), "||", DATE(hl7date(p.dob)), "|", p.sex, "|||",
          ADDR(p.street.upper()), "^^", ADDR(p.city.upper()), "^", p.state, "^", ZIP(p.zip), "||", PHONE(p.phone.replace(" ", "")), "\n")
        d("MRG|", MRN(mrn()), "^^^NFRMC^MR||", ACCT(acct()), "||||", NAME(hl7name(p)), "\n")
    elif kind == 1:
        d(msh, "ADT^A04|", digits(8), "|P|2.4\n", "PID|1||", MRN(p.mrn), "^^^MR~", SSN(p.ssn.replace("-", "")), "^^^SS||", NAME(hl7name(p)), "^^",
          ch(["MRS", "MR", "MS"]) if False else "", "||", DATE(hl7date(p.dob)), "|", p.sex, "||2106-3|", ADDR(p.street_line().upper()), "^^",
          ADDR(p.city.upper()), "^", p.state, "^", ZIP(p.zip), "^USA||^PRN^PH^^^", PHONE(f"{ch(AREA)}^{R.randint(201, 549)}{digits(4)}"), "|||||",
          ACCT(p.acct), "\n")
        d("PV1|1|O|CLIN^204^1||||", NPI(doc.npi), "^", NAME(doc.last.upper()), "^", NAME(doc.first.upper()), "^^^^MD||||||||||||", ACCT(digits(9)), "\n")
        d("PV2|||^", ch(["CHEST PAIN", "FOLLOW UP", "ANNUAL WELLNESS"]), "||||||", DATE(hl7date(later(v, 1, 5))), "\n")
        d("GT1|1||", NAME(hl7name(g)), "||", ADDR(g.street_line().upper()), "^^", ADDR(g.city.upper()), "^", g.state, "^", ZIP(g.zip), "|",
          PHONE(g.phone), "||", DATE(hl7date(g.dob)), "|", g.sex, "||SPO|", SSN(g.ssn), "\n")
        d("IN1|1|", ch(["BCBS01", "AET22", "MCR"]), "|", digits(5), "|", ch(PAYERS).upper(), "||||GRP", digits(5), "||||||||", NAME(hl7name(g)), "|02" + "|" * 19,
          PLAN(g.plan), "\n")
    else:
        d(msh, "ORU^R01|", digits(9), "|P|2.5\n", "PID|1||", MRN(p.mrn), "^^^^MR||", NAME(hl7name(p)), "||", DATE(hl7date(p.dob)), "|", p.sex, "\n")
        d("OBR|1|", digits(8), "|", OID(f"{v.strftime('%y')}-PATH-{digits(5)}"), "|88305^SURG PATH||", "|", DATE(hl7date(v, True)), "|||||||||",
          NPI(doc.npi), "^", NAME(doc.last.upper()), "^", NAME(doc.first.upper()), "\n")
        d("OBX|1|TX|22637-3^PATH REPORT.FINAL DX^LN||Specimen labelled ", NAME(p.full().upper()), ", received ", DATE(fdate(v, 0)), "||||||F\n")
        d("OBX|2|TX|22637-3^^LN||Per Dr. ", NAME(doc.last), ", patient is ", age_phrase(p), ", family history per daughter ", NAME(f"{ch(FIRST_F)} {p.last}"),
          ".||||||F\n")
        d("OBX|3|NM|2345-7^GLUCOSE^LN||104|mg/dL|70-99|H|||F\n")
        d("NTE|1||Call results to ", PHONE(phone_num()), " per pt request.\n")


def t_fhir(d):
    kind = R.randint(0, 3)
    p, doc = P(), Doc_("MD")
    v = rdate()
    pid = ch([digits(7), "pat-" + up(6, "abcdefghjkmnpqrstuvwxyz0123456789"), up(1) + digits(6)])
    if kind == 0:
        d('{\n  "resourceType": "Practitioner",\n  "id": "prac-', digits(5), '",\n  "meta": {"lastUpdated": "', iso(v), 'T11:02:44Z"},\n')
        d('  "identifier": [\n    {"system": "http://hl7.org/fhir/sid/us-npi", "value": "', NPI(doc.npi), '"},\n')
        d('    {"system": "urn:oid:2.16.840.1.113883.4.814", "value": "', DEA(doc.dea), '"},\n    {"system": "urn:state:', doc.state, ':medlic", "value": "', LIC(doc.lic), '"}\n  ],\n')
        d('  "name": [{"family": "', NAME(js(doc.last)), '", "given": ["', NAME(js(doc.first)), '"], "prefix": ["Dr."], "suffix": ["', doc.cred, '"]}],\n')
        d('  "telecom": [{"system": "phone", "value": "', PHONE(doc.phone), '", "use": "work"}, {"system": "fax", "value": "', FAX(doc.fax), '"},\n')
        d('    {"system": "email", "value": "', EMAIL(email_for(doc.first, doc.last)), '"}],\n')
        d('  "address": [{"line": ["', ADDR(js(doc.street)), '"], "city": "', ADDR(js(doc.city)), '", "state": "', doc.state, '", "postalCode": "', ZIP(doc.zip), '"}],\n')
        d('  "birthDate": "', DATE(iso(doc.dob)), '"\n}\n')
    elif kind == 1:
        d('{"resourceType":"Encounter","id":"enc-', digits(6), '","status":"finished","class":{"code":"AMB"},')
        d('"identifier":[{"type":{"coding":[{"code":"VN"}]},"value":"', ACCT(digits(10)), '"}],')
        d('"subject":{"reference":"Patient/', OID(pid), '","display":"', NAME(js(p.full())), '"},')
        d('"participant":[{"individual":{"reference":"Practitioner/prac-', digits(4), '","display":"Dr. ', NAME(js(doc.full())), '"}}],')
        d('"period":{"start":"', DATE(iso(v) + "T" + f"{R.randint(7, 17):02d}:{R.randint(0, 59):02d}:00-05:00"), '","end":"',
          DATE(iso(v) + "T" + f"{R.randint(18, 20):02d}:{R.randint(0, 59):02d}:00-05:00"), '"},')
        d('"reasonCode":[{"coding":[{"system":"http://hl7.org/fhir/sid/icd-10-cm","code":"', ICD(ch(ICDS)[0]), '"}]}]}\n')
    elif kind == 2:
        d('{\n  "resourceType": "Claim",\n  "id": "clm-', digits(6), '",\n  "created": "', iso(later(v, 1, 9)), '",\n')
        d('  "patient": {"reference": "Patient/', OID(pid), '"},\n  "provider": {"identifier": {"value": "', NPI(doc.npi), '"}},\n')
        d('  "insurance": [{"sequence": 1, "focal": true, "identifier": {"value": "', PLAN(p.plan), '"}, "coverage": {"display": "', js(ch(PAYERS)), '"}}],\n')
        d('  "diagnosis": [{"sequence": 1, "diagnosisCodeableConcept": {"coding": [{"code": "', ICD(ch(ICDS)[0]), '"}]}}],\n')
        d('  "item": [{"sequence": 1, "productOrService": {"coding": [{"code": "', ch(CPT), '"}]}, "servicedDate": "', DATE(iso(v)), '",\n')
        d('    "net": {"value": 212.50, "currency": "USD"}}],\n  "payee": {"party": {"display": "', NAME(js(p.full())), '"}},\n')
        d('  "accident": {"date": "', DATE(iso(later(v, -30, -1))), '", "locationAddress": {"city": "', ADDR(js(p.city)), '", "state": "', p.state, '"}}\n}\n')
    else:
        d('{\n  "resourceType": "Coverage",\n  "id": "cov-', digits(5), '",\n  "status": "active",\n  "subscriberId": "', PLAN(p.plan), '",\n')
        g = P()
        d('  "subscriber": {"display": "', NAME(js(g.full())), '"},\n  "beneficiary": {"reference": "Patient/', OID(pid), '", "display": "',
          NAME(js(p.lfm())), '"},\n')
        d('  "relationship": {"coding": [{"code": "child"}]},\n  "period": {"start": "', DATE(iso(v.replace(month=1, day=1))), '"},\n')
        d('  "payor": [{"display": "', js(ch(PAYERS)), '"}],\n  "class": [{"type": {"coding": [{"code": "group"}]}, "value": "', digits(6), '"}]\n}\n')


def t_eml(d):
    p, doc = P(), Doc_(ch(["MD", "NP", "RN"]))
    v = rdate()
    d.nl = "\r\n" if R.random() < .5 else "\n"
    d("Return-Path: <", EMAIL(p.email), ">\nReceived: from mail-qk1-f170.google.com (mail-qk1-f170.google.com [209.85.222.170])\n")
    d("\tby mx.northfork-health.org (Postfix) with ESMTPS id 4Xk2\n")
    d("Date: ", v.strftime("%a, "), DATE(f"{v.day} {MONTHS[v.month - 1][:3]} {v.year}"), " 08:41:07 -0500\n")
    d("Message-ID: <CA+", up(20, "abcdefghijkmnopqrstuvwxyz0123456789"), "@mail.gmail.com>\n")
    d("From: \"", NAME(p.full()), "\" <", EMAIL(p.email), ">\nTo: ", NAME(doc.full()), " <", EMAIL(email_for(doc.first, doc.last)), ">\n")
    d("Subject: Re: biopsy results?\nContent-Type: text/plain; charset=\"UTF-8\"\n\n")
    d("Hi ", ch(["Dr. ", ""]), NAME(doc.last), ",\n\nSorry to bother you. I had the biopsy on ", DATE(fdate(later(v, -10, -3), ch([3, 12, 13, 6]))),
      " and haven't heard anything. My chart number is ", MRN(p.mrn), " and my birthday is ", DATE(fdate(p.dob, ch([0, 1, 7]))), ".\n")
    d("You can reach me at ", PHONE(p.cell), " after 4pm, or my husband ", NAME(f"{ch(FIRST_M)}"), " at ", PHONE(phone_num()), ".\n\nThanks,\n", NAME(p.first), "\n\n")
    d("On ", v.strftime("%a, %b %d, %Y") if False else DATE(fdate(later(v, -3, -1), 6)), ", ", NAME(doc.full()), " wrote:\n> Your appointment is confirmed. Reply STOP to opt out.\n")


def t_chat(d):
    p, agent = P(), P()
    v = rdate()
    d("# support-chat export, ticket #", digits(6), " (tool: HelpWave 7.1)\n")
    t = dt.datetime(v.year, v.month, v.day, R.randint(8, 18), R.randint(0, 59))

    def line(who, *parts):
        nonlocal t
        t += dt.timedelta(seconds=R.randint(10, 200))
        d("[", t.strftime("%H:%M:%S"), "] ", who, ": ", list(parts), "\n")
    line("bot", "Hi! I'm Wavey 🤖. What's your name?")
    line("visitor", NAME(p.full().lower() if R.random() < .3 else p.full()))
    line("bot", "Thanks. Please enter your member ID.")
    line("visitor", PLAN(p.plan))
    line(["agent ", NAME(agent.first)], "Hi ", NAME(p.first), ", I see two accounts. can you verify dob + zip?")
    line("visitor", DATE(fdate(p.dob, ch([7, 1, 14, 2]))), " ", ZIP(p.zip))
    line("visitor", "also I moved, new addr is ", ADDR(p.street_line().lower()), " ", ADDR(p.city.lower()))
    line(["agent ", NAME(agent.first)], "updated ✅ is ", PHONE(p.phone), " still good?")
    line("visitor", "no use ", PHONE(phone_num(ch([7, 9, 3]))), ". and pls stop sending to ", EMAIL(p.email))
    line("visitor", "my card ending ", digits(4), " got charged twice, full number ", CC(card()))
    line(["agent ", NAME(agent.first)], "Thanks, never share full card numbers in chat. Refund ref RF-", digits(7), ".")


def t_x12(d):
    p, doc = P(), Doc_("MD")
    v = rdate()
    sep = "~\n" if R.random() < .6 else "~"
    ctl = digits(9)
    d("ISA*00*          *00*          *ZZ*NFRMC          *ZZ*CLEARHOUSE01   *", v.strftime("%y%m%d"), "*1230*^*00501*", ctl, "*0*P*:", sep)
    d("GS*HC*NFRMC*CLRHSE*", v.strftime("%Y%m%d"), "*1230*1*X*005010X222A1", sep, "ST*837*0001*005010X222A1", sep)
    d("NM1*85*1*", NAME(doc.last.upper()), "*", NAME(doc.first.upper()), "****XX*", NPI(doc.npi), sep)
    d("N3*", ADDR(doc.street.upper()), sep, "N4*", ADDR(doc.city.upper()), "*", doc.state, "*", ZIP(doc.zip + digits(4)), sep)
    d("NM1*IL*1*", NAME(p.last.upper()), "*", NAME(p.first.upper()), "*", NAME(p.mi), "***MI*", PLAN(p.plan), sep)
    d("N3*", ADDR(p.street_line().upper()), sep, "N4*", ADDR(p.city.upper()), "*", p.state, "*", ZIP(p.zip), sep)
    d("DMG*D8*", DATE(p.dob.strftime("%Y%m%d")), "*", p.sex, sep)
    d("CLM*", ACCT(up(3) + digits(7)), "*212.50***11:B:1*Y*A*Y*Y", sep)
    d("DTP*472*D8*", DATE(v.strftime("%Y%m%d")), sep)
    d("HI*ABK:", ICD(ch(ICDS)[0].replace(".", "")), "*ABF:", ICD(ch(ICDS)[0].replace(".", "")), sep)
    d("SV1*HC:", ch(CPT), "*212.50*UN*1***1", sep, "SE*14*0001", sep, "GE*1*1", sep, "IEA*1*", ctl, sep)


def t_vcard(d):
    for i in range(R.randint(1, 3)):
        p = P()
        d("BEGIN:VCARD\nVERSION:4.0\nFN:", NAME(p.full()), "\nN:", NAME(p.last), ";", NAME(p.first), ";", NAME(p.mi), ";;\n")
        d("BDAY:", DATE(p.dob.strftime(ch(["%Y%m%d", "%Y-%m-%d"]))), "\n")
        d("TEL;TYPE=cell:", PHONE(ch([p.cell, intl_phone()])), "\nEMAIL:", EMAIL(p.email), "\n")
        d("ADR;TYPE=home:;;", ADDR(p.street_line()), ";", ADDR(p.city), ";", p.state, ";", ZIP(p.zip), ";USA\n")
        d("NOTE:Emergency contact for ", NAME(P().full()), " (MRN ", MRN(mrn()), ")\nREV:2025", digits(4), "T000000Z\nEND:VCARD\n")


def t_ics(d):
    p, doc = P(), Doc_("MD")
    v = rdate(2024, 2026)
    d("BEGIN:VCALENDAR\nPRODID:-//Northfork//Scheduler 9.4//EN\nVERSION:2.0\nBEGIN:VEVENT\n")
    d("UID:", hexs(8), "-", hexs(4), "@sched.example.org\nDTSTAMP:20250101T000000Z\n")
    d("DTSTART;TZID=America/Chicago:", DATE(v.strftime("%Y%m%dT") + f"{R.randint(8, 16):02d}{ch(['00', '15', '30', '45'])}00"), "\n")
    d("SUMMARY:Follow-up — ", NAME(p.full()), " (", MRN(p.mrn), ")\n")
    d("DESCRIPTION:Pt callback ", PHONE(p.phone), ". Dx ", ICD(ch(ICDS)[0]), ". Interpreter: ", ch(["Spanish", "Tagalog", "Amharic", "Polish"]), "\\n",
      "Ride: ", ADDR(p.street_line()), "\\, ", ADDR(p.city), "\n")
    d("ORGANIZER;CN=", NAME(doc.full()), ":mailto:", EMAIL(email_for(doc.first, doc.last)), "\nATTENDEE;CN=", NAME(p.full()), ":mailto:", EMAIL(p.email), "\n")
    d("LOCATION:Suite ", str(R.randint(100, 500)), "\nEND:VEVENT\nEND:VCALENDAR\n")


def t_oracle_sql(d):
    d("-- load_legacy_members.sql  (run once, SR-", digits(5), ")\nSET DEFINE OFF;\n")
    for i in range(R.randint(3, 5)):
        p = P()
        d("INSERT INTO LEGACY.MBR (MBR_ID, LST_NM, FRST_NM, BRTH_DT, SSN, ADDR1, CITY, ZIP, HOME_PH) VALUES ('", PLAN(p.plan), "', '",
          NAME(sq(p.last.upper())), "', '", NAME(sq(p.first.upper())), "', TO_DATE('", DATE(fdate(p.dob, 5)), "', 'DD-MON-YYYY'), '",
          SSN(p.ssn.replace("-", "")), "', '", ADDR(sq(p.street_line().upper())), "', '", ADDR(sq(p.city.upper())), "', '", ZIP(p.zip), "', '",
          PHONE(re.sub(r"\D", "", p.phone)[-10:]), "');\n")
    d("COMMIT;\n-- rows expected: ", str(R.randint(3, 5)), "; checksum ", hexs(32), "\n")


def t_pandas(d):
    d("import pandas as pd\n\n# reproduces DATA-", digits(4), ": merge drops rows whose surname has an accent\n")
    d("left = pd.DataFrame({\n")
    ps = [P(old=R.random() < .15) for _ in range(R.randint(3, 4))]
    d("    \"mrn\": [", seq_join([["\"", MRN(p.mrn), "\""] for p in ps], ", ", ", "), "],\n")
    d("    \"given\": [", seq_join([["\"", NAME(js(p.first.lower())), "\""] for p in ps], ", ", ", "), "],\n")
    d("    \"surname\": [", seq_join([["\"", NAME(js(p.last.lower())), "\""] for p in ps], ", ", ", "), "],\n")
    d("    \"dob\": pd.to_datetime([", seq_join([["\"", DATE(fdate(p.dob, ch([0, 2]))), "\""] for p in ps], ", ", ", "), "]),\n")
    d("    \"age\": [", seq_join([[(AGE if p.age > 89 else str)(str(p.age))] for p in ps], ", ", ", "), "],\n})\n")
    d("right = pd.DataFrame({\"mrn\": [\"", MRN(ps[0].mrn), "\"], \"zip\": [\"", ZIP(ps[0].zip), "\"], \"city\": [\"", ADDR(js(ps[0].city)), "\"]})\n")
    d("print(left.merge(right, on=\"mrn\", how=\"left\"))  # pandas 2.2.3, numpy 1.26.4\n")


def t_yaml(d):
    p, doc = P(), Doc_("NP")
    v = rdate()
    d("# ansible/host_vars/demo-clinic.yml -- demo data for the kiosk image\nkiosk_port: 8081\nkiosk_version: 3.8.0\n")
    d("demo_appointments:\n")
    for i in range(R.randint(2, 3)):
        q = P()
        d("  - patient: ", NAME(ch([q.full(), q.lfm().replace(",", "")]) if False else q.full()), "\n    dob: ", DATE(iso(q.dob)) if R.random() < .5 else ["\"", DATE(fdate(q.dob, 0)), "\""],
          "\n    when: ", DATE(iso(later(v, 1, 30))), "T", f"{R.randint(8, 16):02d}:00:00\n", "    phone: \"", PHONE(q.phone), "\"\n")
        d("    insurance: {payer: \"", ch(PAYERS), "\", member: ", PLAN(q.plan), "}\n")
    d("provider:\n  display: \"Dr. ", NAME(doc.full()), "\"\n  npi: ", NPI(doc.npi), "\n  pager: ", PHONE(phone_num(ch([2, 3]))), "\n")


def t_elixir(d):
    p = P()
    d("defmodule Intake.PatientTest do\n  use ExUnit.Case, async: true\n  alias Intake.Patient\n\n")
    d("  @valid %{\n    \"name\" => \"", NAME(js(p.full())), "\",\n    \"born_on\" => ~D[", DATE(iso(p.dob)), "],\n")
    d("    \"email\" => \"", EMAIL(p.email), "\",\n    \"cell\" => \"", PHONE(intl_phone() if R.random() < .4 else p.cell), "\",\n")
    d("    \"address\" => %{\"street\" => \"", ADDR(js(p.street_line())), "\", \"city\" => \"", ADDR(js(p.city)), "\", \"zip\" => \"", ZIP(p.zip), "\"},\n")
    d("    \"dl\" => \"", LIC(p.dl), "\",\n    \"card\" => \"", CC(card()), "\"\n  }\n\n")
    d("  test \"changeset is valid\" do\n    assert Patient.changeset(%Patient{}, @valid).valid?\n  end\n\n")
    d("  test \"rejects 555 numbers\" do\n    refute Patient.changeset(%Patient{}, %{@valid | \"cell\" => \"(212) 555-0142\"}).valid?\n  end\nend\n")


def t_soap(d):
    p = P()
    v = rdate()
    d('<?xml version="1.0"?>\n<soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope" xmlns:el="urn:eligibility:v2">\n')
    d('  <soap:Header><el:TraceId>', hexs(16), '</el:TraceId></soap:Header>\n  <soap:Body>\n    <el:EligibilityResponse>\n')
    d('      <el:Subscriber memberId="', PLAN(p.plan), '" groupNo="', digits(6), '">\n')
    d('        <el:LastName>', NAME(p.last), '</el:LastName>\n        <el:FirstName>', NAME(p.first), '</el:FirstName>\n')
    d('        <el:BirthDate>', DATE(fdate(p.dob, ch([0, 2, 10]))), '</el:BirthDate>\n')
    d('        <el:Address line1="', ADDR(p.street_line().replace("&", "&amp;")), '" city="', ADDR(p.city.replace("'", "&apos;")), '" state="', p.state, '" zip="', ZIP(p.zip4), '"/>\n')
    d('      </el:Subscriber>\n      <el:Coverage status="active" effective="', DATE(iso(v.replace(month=1, day=1))), '" plan="GOLD-PPO-2"/>\n')
    d('      <el:Dependent rel="19"><el:Name>', NAME(f"{ch(FIRST_M + FIRST_F)} {p.last}"), '</el:Name><el:BirthDate>', DATE(fdate(dob(R.randint(1, 17)), 0)),
      '</el:BirthDate></el:Dependent>\n')
    d('    </el:EligibilityResponse>\n  </soap:Body>\n</soap:Envelope>\n')


# ================================================================ negatives (no PHI at all)

def hexs(n):
    return up(n, "0123456789abcdef")


def fict_phone():
    return ch([f"(800) 555-01{R.randint(0, 99):02d}", f"555-01{R.randint(0, 99):02d}", f"1-888-555-01{R.randint(0, 99):02d}",
               "(999) 999-9999", "(000) 000-0000", f"+1 (212) 555-01{R.randint(0, 99):02d}"])


def doc_ip():
    return ch(["192.0.2.", "198.51.100.", "203.0.113."]) + str(R.randint(1, 254))


def n_release(d):
    v = (R.randint(1, 9), R.randint(0, 30), R.randint(0, 12))
    d("# Release notes — CareFlow Scheduler\n\n")
    for i in range(R.randint(4, 6)):
        day = rdate(2019, 2026)
        d(f"## {v[0]}.{v[1] - i if v[1] > i else i}.{R.randint(0, 9)} ({iso(day)})\n\n")
        d(ch(["- Fixed: the Apgar score widget rounded 7.5 down.\n", "- Parkinson's disease (G20) template now shows UPDRS part III.\n",
              "- Glasgow Coma Scale entry accepts 3-15 only.\n", "- Bumped libpq to 16.2; default port 5432 → 6432 for pgbouncer.\n",
              f"- Security: CVE-{day.year}-{R.randint(1000, 49999)} (XML external entities) patched.\n",
              "- The Heimlich maneuver quick-reference card moved under Help › First aid.\n",
              f"- Build {day.strftime('%Y%m%d')}.{R.randint(1, 40)} signed with key 0x{hexs(8).upper()}.\n",
              "- Hodgkin lymphoma staging (Ann Arbor / Lugano) calculator added.\n"]))
        d(f"- Migration {day.strftime('%Y%m%d%H%M%S')}_add_index_on_appt_slots.rb\n")
        d(f"- Contributors: @dependabot[bot], @renovate-bot, release-train ({hexs(7)})\n\n")


def n_buildlog(d):
    t = dt.datetime(2025, R.randint(1, 12), R.randint(1, 28), R.randint(0, 23), R.randint(0, 59), R.randint(0, 59))
    steps = ["Checking out ref refs/heads/main", f"HEAD is now at {hexs(40)}", "Restoring cache key node-modules-" + hexs(16),
             f"npm ci --prefer-offline  (added 1{R.randint(100, 999)} packages in 41.2s)", "Running migrations 20240312083000..20250101000000",
             "Starting postgres:16.3 on 127.0.0.1:5432", "Starting redis:7.2.4 on 127.0.0.1:6379", f"pytest -q -n 2  ({R.randint(400, 2000)} passed, 3 skipped)",
             f"Uploading coverage: 87.{R.randint(10, 99)}% (session {hexs(12)})", f"docker push registry.internal:5000/phi-gw:{R.randint(1, 3)}.{R.randint(0, 40)}.{R.randint(0, 9)}-build.{R.randint(100, 9999)}",
             f"sha256:{hexs(64)}", f"Deploy to staging (192.0.2.{R.randint(1, 254)}:8443) ok in 00:02:{R.randint(10, 59)}",
             f"Artifacts: phi-gw_{R.randint(1, 3)}.{R.randint(0, 40)}.{R.randint(0, 9)}_amd64.deb ({R.randint(10, 99)}.{R.randint(1, 9)} MB)",
             "Job finished: SUCCESS"]
    for s in steps:
        t += dt.timedelta(seconds=R.randint(1, 70))
        d(t.strftime("%Y-%m-%dT%H:%M:%S.") + digits(7) + "Z ", s, "\n")


def n_validator(d):
    d("import pytest\n\nfrom idcheck import is_valid_ssn, is_valid_npi, is_valid_dea, luhn, is_valid_vin\n\n")
    d("# every value below must be REJECTED by the validators\nBAD_SSNS = [\n")
    for _ in range(R.randint(4, 6)):
        d(f"    \"{ssn(valid=False, fmt=ch(['-', ' ', '']))}\",\n")
    d("    \"XXX-XX-XXXX\", \"###-##-####\",\n]\nBAD_NPIS = [", ", ".join(f"\"{npi(valid=False)}\"" for _ in range(4)), "]\n")
    d("BAD_DEAS = [", ", ".join(f"\"{dea(ch(LAST), valid=False)}\"" for _ in range(3)), "]\n")
    d("BAD_CARDS = [", ", ".join(f"\"{card(valid=False, group=R.random() < .5)}\"" for _ in range(4)), "]\n")
    d("BAD_VINS = [", ", ".join(f"\"{vin(valid=False)}\"" for _ in range(2)), "]\n")
    d("FICTIONAL_PHONES = [", ", ".join(f"\"{fict_phone()}\"" for _ in range(3)), "]\n")
    d("TEST_EMAILS = [\"jane.doe@example.com\", \"qa+1@example.org\", \"nobody@example.net\"]\n\n")
    d("@pytest.mark.parametrize(\"v\", BAD_SSNS)\ndef test_ssn(v):\n    assert not is_valid_ssn(v)\n\n")
    d("def test_luhn_known_test_pan():\n    assert luhn(\"4111111111111111\")\n    assert not luhn(\"4111111111111112\")\n")


def n_reference(d):
    d("Fee schedule excerpt — outpatient (effective ", iso(rdate(2024, 2026).replace(day=1)), ")\n\nCPT    | Description                      | RVU  | Fee\n")
    for c, desc in [("99213", "Office visit, est. pt, low MDM"), ("99214", "Office visit, est. pt, moderate"), ("93000", "ECG, 12-lead w/ interp"),
                    ("88305", "Surgical pathology, level IV"), ("90686", "Influenza vaccine, quadrivalent"), ("47562", "Laparoscopic cholecystectomy")]:
        d(f"{c}  | {desc:<32} | {R.randint(1, 20)}.{R.randint(10, 99)} | ${R.randint(40, 900)}.00\n")
    d("\nLOINC crosswalk: ", ", ".join(R.sample(LOINC, 5)), "\nNDC (package): ", ", ".join(R.sample(NDC, 3)), "\n")
    d("Spreadsheet check: =SUM(B12:B40) / C3 ; =IF(D5>E11, \"over\", \"ok\")\n")
    d("Support line ", fict_phone(), "; questions to billing-ops@example.org.\n")


def n_eponyms(d):
    d(ch(["Study guide", "Grand rounds handout", "Nursing in-service"]), ": eponyms you will hear on the wards\n\n")
    items = ["Parkinson disease — first described by James Parkinson in 1817; tremor at rest.",
             "Hodgkin lymphoma — Reed-Sternberg cells on biopsy.", "Cushing syndrome vs. Cushing disease (pituitary).",
             "Graves disease — exophthalmos, pretibial myxedema.", "Babinski sign — upgoing plantar response.",
             "Apgar score at 1 and 5 minutes (Virginia Apgar, 1952).", "Kaplan-Meier curves and the log-rank test; Fisher's exact test for 2x2 tables.",
             "Heimlich maneuver for choking adults.", "Alzheimer disease — amyloid plaques, neurofibrillary tangles.",
             "Florence Nightingale's polar-area diagrams (1858) started nursing statistics.", "Guillain-Barré syndrome — ascending weakness.",
             "Tourette syndrome; Asperger's (historic term).", "Down syndrome (trisomy 21).", "Crohn disease vs. ulcerative colitis.",
             "The Mayo Clinic and Cleveland Clinic publish their own reference ranges.", "Bell's palsy — CN VII.",
             "Lou Gehrig's disease (ALS).", "Salk and Sabin polio vaccines.", "Wilson disease — Kayser-Fleischer rings, copper."]
    for it in R.sample(items, R.randint(6, 9)):
        d("* ", it, "\n")
    d("\nRemember: the normal adult resting heart rate is 60–100 bpm; an SpO2 under 92% warrants review. Page ext. 4411 for the rapid-response team.\n")


def n_catalog(d):
    d("sku,product,model,price_usd,weight_g,warehouse_zone\n")
    names = ["Elm Street Espresso Blend", "Park Avenue Tote", "Broadway 2400 Router", "Maple Lane Candle", "Sunset Blvd Sunglasses",
             "Oak Ridge Trail Boots", "Abbey Road Turntable", "Baker Street Pipe Stand", "Main St. Market Basket", "Ocean Drive Beach Towel",
             "Penny Lane Notebook", "Wall Street Journal Holder", "Bourbon Street Hot Sauce", "Lombard Street Puzzle"]
    for n in R.sample(names, R.randint(6, 10)):
        d(f"SKU-{R.randint(10000, 99999)},{n},{up(2)}-{R.randint(100, 9999)},{R.randint(5, 300)}.{R.randint(0, 99):02d},{R.randint(50, 9000)},Z{R.randint(1, 40)}\n")


def n_infra(d):
    d("# terraform/envs/stage/main.tf\nterraform {\n  required_version = \">= 1.6.0\"\n  required_providers {\n    aws = { source = \"hashicorp/aws\", version = \"~> 5.31\" }\n  }\n}\n\n")
    d("resource \"aws_security_group_rule\" \"hl7_mllp\" {\n  type        = \"ingress\"\n  from_port   = 2575\n  to_port     = 2575\n  protocol    = \"tcp\"\n")
    d(f"  cidr_blocks = [\"{doc_ip()}/32\", \"10.40.0.0/16\"]\n}}\n\n")
    d(f"resource \"aws_instance\" \"fhir\" {{\n  ami           = \"ami-0{hexs(16)}\"\n  instance_type = \"t3.medium\"\n  private_ip    = \"10.40.{R.randint(0, 255)}.{R.randint(2, 250)}\"\n")
    d(f"  tags = {{ Name = \"fhir-stage-{R.randint(1, 9)}\", Owner = \"platform-team\", CostCenter = \"{R.randint(10000, 99999)}\" }}\n}}\n\n")
    d(f"output \"lb_ip\" {{ value = \"{doc_ip()}\" }}\n# oid root 2.16.840.1.113883.3.{R.randint(1000, 9999)}.1; NTP 198.51.100.{R.randint(1, 254)}:123; ports 443 8443 27017 50051\n")
    d(f"# state lock id {hexs(8)}-{hexs(4)}-{hexs(4)}-{hexs(4)}-{hexs(12)}\n")


def n_metrics(d):
    d("ts,route,p50_ms,p99_ms,count,errors,bytes\n")
    t = dt.datetime(2025, R.randint(1, 12), R.randint(1, 28))
    for i in range(R.randint(10, 16)):
        t += dt.timedelta(minutes=5)
        d(f"{t.strftime('%Y-%m-%d %H:%M:%S')},{ch(['/api/v1/appointments', '/fhir/Patient', '/healthz', '/api/v1/claims'])},"
          f"{R.randint(3, 90)},{R.randint(100, 2000)},{R.randint(10000, 99999)},{R.randint(0, 12)},{R.randint(1000000, 9999999)}\n")
    d(f"# totals: {R.randint(200, 999)} - {R.randint(10, 99)} - {R.randint(1000, 9999)} requests dropped; ratio 7/4/65\n")


def n_schema(d):
    d("-- migrations/0042_patient_contact.sql (generated ", iso(rdate(2024, 2026)), ")\nCREATE TABLE patient_contact (\n")
    d("  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),\n  first_name    text NOT NULL,\n  last_name     text NOT NULL,\n")
    d("  dob           date CHECK (dob > '1900-01-01'),\n  ssn           char(11) CHECK (ssn ~ '^\\d{3}-\\d{2}-\\d{4}$'),\n")
    d("  phone         text,  -- mask (999) 999-9999\n  email         text,  -- e.g. someone@example.com\n  mrn           text,  -- <MRN>\n")
    d("  zip           char(5),\n  created_at    timestamptz DEFAULT now()\n);\n")
    d("COMMENT ON COLUMN patient_contact.dob IS 'MM/DD/YYYY on input forms';\n")
    d("INSERT INTO lookup_state (code, name) VALUES ('OH', 'Ohio'), ('TX', 'Texas'), ('WA', 'Washington');\n")
    d("-- placeholder row for UI screenshots: 'XXX-XX-XXXX', '000-00-0000', '", fict_phone(), "'\n")


def n_access(d):
    t = dt.datetime(2025, R.randint(1, 12), R.randint(1, 28), R.randint(0, 23))
    for i in range(R.randint(8, 12)):
        t += dt.timedelta(seconds=R.randint(1, 300))
        path = ch(["/api/v2/appointments?page=2&size=50", f"/fhir/Patient/{hexs(8)}-{hexs(4)}-4{hexs(3)}-a{hexs(3)}-{hexs(12)}", "/static/app.3f9c2e.js",
                   "/healthz", f"/api/v2/reports/{R.randint(10000, 99999)}.pdf", "/login"])
        d(f"{doc_ip()} - - [{t.strftime('%d/%b/%Y:%H:%M:%S')} +0000] \"GET {path} HTTP/1.1\" {ch([200, 200, 304, 401, 404])} {R.randint(200, 90000)} \"-\" "
          f"\"Mozilla/5.0 (X11; Linux x86_64) Chrome/12{R.randint(0, 9)}.0.{R.randint(1000, 9999)}.{R.randint(10, 200)}\" rt={R.randint(1, 900) / 1000:.3f}\n")


def n_hl7spec(d):
    d("# Interface spec — ADT feed v2.5.1 (", ch(["draft", "rev C", "final"]), ")\n\n| Field | Name | Example | Notes |\n|---|---|---|---|\n")
    d("| PID-3 | Patient identifier list | `<MRN>^^^FAC^MR` | required |\n| PID-5 | Patient name | `FAMILY^GIVEN^MIDDLE` | |\n")
    d("| PID-7 | Date of birth | `YYYYMMDD` | |\n| PID-11 | Address | `STREET^^CITY^ST^ZIP` | |\n| PID-13 | Phone | `", fict_phone(), "` | mask |\n")
    d("| PID-19 | SSN | `XXX-XX-XXXX` | never populated |\n| PV1-19 | Visit number | `<VISIT>` | |\n\n")
    d("MLLP listener on port 2575, ACK timeout 30 s. Test endpoint ", doc_ip(), ":2575. OIDs: 2.16.840.1.113883.4.1 (SSA), 2.16.840.1.113883.4.6 (NPI).\n")
    d("Sample MSH: `MSH|^~\\&|SEND|FAC|RECV|FAC|", f"2025{R.randint(1, 12):02d}{R.randint(1, 28):02d}", "120000||ADT^A01|MSG00001|P|2.5.1`\n")
    d("Contact: interfaces@example.org, ", fict_phone(), ".\n")


def n_lockfile(d):
    d("# yarn lockfile v1\n\n")
    for pkg in R.sample(["lodash", "date-fns", "libphonenumber-js", "uuid", "zod", "express", "pg", "ioredis", "luxon", "yup"], 6):
        ver = f"{R.randint(0, 9)}.{R.randint(0, 30)}.{R.randint(0, 20)}"
        d(f"{pkg}@^{ver}:\n  version \"{ver}\"\n  resolved \"https://registry.yarnpkg.com/{pkg}/-/{pkg}-{ver}.tgz#{hexs(40)}\"\n")
        d(f"  integrity sha512-{up(40, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/')}==\n\n")


def n_arith(d):
    d("Worksheet 7 — unit conversions and dosing arithmetic (answers at end)\n\n")
    for i in range(R.randint(6, 9)):
        a, b, c = R.randint(100, 899), R.randint(10, 99), R.randint(1000, 9999)
        d(ch([f"{i + 1}. {a} - {b} - {c} = {a - b - c}\n", f"{i + 1}. ({a}) {b * 3} - {c} = {a * b * 3 - c}\n",
              f"{i + 1}. Infuse {R.randint(500, 2000)} mL over {R.randint(4, 12)} h: rate = ? mL/h\n",
              f"{i + 1}. Convert {R.randint(90, 104)}.{R.randint(0, 9)} °F to °C\n",
              f"{i + 1}. A {R.randint(20, 80)} kg adult gets {R.randint(1, 9)} mg/kg: total dose = ? mg\n",
              f"{i + 1}. Ratio {R.randint(1, 12)}/{R.randint(1, 28)}/{R.randint(40, 99)} of stock dilutions\n"]))
    d("\nRoom 90, 91 and 94 have the scales. Ages in the examples are 90 days (infant), not years.\n")


def n_openapi(d):
    d("openapi: 3.1.0\ninfo:\n  title: Scheduling API\n  version: ", f"{R.randint(1, 4)}.{R.randint(0, 20)}.{R.randint(0, 9)}", "\nservers:\n")
    d("  - url: https://api.example.com/v1\n  - url: http://", doc_ip(), ":8080/v1\npaths:\n  /patients/{id}:\n    get:\n")
    d("      parameters:\n        - {name: id, in: path, required: true, schema: {type: string, format: uuid}}\n")
    d("      responses:\n        '200':\n          content:\n            application/json:\n              example:\n")
    d("                id: 3fa85f64-5717-4562-b3fc-2c963f66afa6\n                name: \"Jane Doe\"\n                birthDate: \"YYYY-MM-DD\"\n")
    d("                phone: \"", fict_phone(), "\"\n                email: user@example.com\n                ssn: \"XXX-XX-XXXX\"\n")
    d("                mrn: \"<MRN>\"\n                zip: \"00000\"\n        '429': {description: rate limited, retry after 60 s}\n")
    d("components:\n  schemas:\n    Phone: {type: string, pattern: '^\\(\\d{3}\\) \\d{3}-\\d{4}$', example: '(999) 999-9999'}\n")


def n_cron(d):
    d("# /etc/cron.d/ehr-maintenance (managed by puppet, build ", f"{R.randint(2023, 2026)}.{R.randint(1, 12)}.{R.randint(1, 28)}-{hexs(7)}", ")\n")
    d("SHELL=/bin/bash\nMAILTO=ops-alerts@example.org\n\n")
    for job in R.sample(["15 2 * * * root /opt/ehr/bin/vacuum --db ehr --port 5432", "*/5 * * * * ehr /opt/ehr/bin/hl7-retry --host 10.0.4.17 --port 2575",
                         "0 3 1 * * root /opt/ehr/bin/rotate-keys --kms-key alias/ehr-prod", "30 4 * * 0 ehr /opt/ehr/bin/purge --older-than 2555d",
                         "0 */6 * * * ehr curl -fsS https://hc-ping.example.net/" + hexs(8) + "-" + hexs(4), "45 1 * * * root certbot renew --quiet",
                         "10 0 * * * ehr /opt/ehr/bin/export --since \"$(date -d yesterday +%F)\" --out /srv/exports"], 5):
        d(job, "\n")
    d("# last edited 2025-0", str(R.randint(1, 9)), "-1", str(R.randint(0, 9)), " by puppet run ", digits(8), "\n")


# ================================================================ driver

PROSE = [t_operative, t_pathology, t_homehealth, t_telehealth, t_appeal, t_refill, t_dental, t_casemail, t_incident, t_trial,
         t_discharge2p, t_labreq, t_immun, t_subpoena, t_obit, t_deathcert, t_portal_thread, t_mva_intake, t_device_clinic,
         t_biometric, t_ems, t_genetics, t_workcomp]
CODE = [(t_go, "go"), (t_rust, "rs"), (t_ruby, "rb"), (t_php, "php"), (t_kotlin, "kt"), (t_swift, "swift"), (t_curl, "sh"),
        (t_toml, "toml"), (t_cda, "xml"), (t_graphql, "json"), (t_ndjson, "ndjson"), (t_csv_intl, "csv"), (t_hl7, "hl7"),
        (t_fhir, "json"), (t_eml, "eml"), (t_chat, "log"), (t_x12, "edi"), (t_vcard, "vcf"), (t_ics, "ics"),
        (t_oracle_sql, "sql"), (t_pandas, "py"), (t_yaml, "yml"), (t_elixir, "exs"), (t_soap, "xml")]
NEG = [(n_release, "md"), (n_buildlog, "log"), (n_validator, "py"), (n_reference, "txt"), (n_eponyms, "md"), (n_catalog, "csv"),
       (n_infra, "tf"), (n_metrics, "csv"), (n_schema, "sql"), (n_access, "log"), (n_hl7spec, "md"), (n_lockfile, "lock"),
       (n_arith, "txt"), (n_openapi, "yaml"), (n_cron, "cron")]


def build(n_prose=120, n_code=110, n_neg=70):
    jobs = []
    for i in range(n_prose):
        f = PROSE[i % len(PROSE)]
        jobs.append(("prose", f, ch(["txt", "txt", "txt", "md"]) if f not in (t_casemail,) else "txt"))
    for i in range(n_code):
        f, ext = CODE[i % len(CODE)]
        jobs.append(("code", f, ext))
    for i in range(n_neg):
        f, ext = NEG[i % len(NEG)]
        jobs.append(("negative", f, ext))
    R.shuffle(jobs)
    return jobs


def check(rec, data):
    prev = 0
    for sp in rec["spans"]:
        assert sp["start"] >= prev, (rec["doc"], sp)
        got = data[sp["start"]:sp["end"]].decode("utf-8")
        assert got == sp["text"], (rec["doc"], sp, got)
        assert got == got.strip() and got, (rec["doc"], sp)
        prev = sp["end"]
    if rec["style"] == "negative":
        assert not rec["spans"]


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    out = sys.argv[1]
    os.makedirs(os.path.join(out, "docs"), exist_ok=True)
    for old in os.listdir(os.path.join(out, "docs")):  # a previous run's documents
        if re.fullmatch(r"\d{4}\.\w+", old):
            os.remove(os.path.join(out, "docs", old))
    recs = []
    for i, (style, f, ext) in enumerate(build(), 1):
        d = D()
        if style == "prose" and R.random() < .12:
            d.nl = "\r\n"
        f(d)
        name = f"docs/{i:04d}.{ext}"
        data = d.text().encode("utf-8")
        with open(os.path.join(out, name), "wb") as fh:
            fh.write(data)
        rec = {"doc": name, "style": style, "template": f.__name__[2:], "spans": d.spans}
        check(rec, data)
        recs.append(rec)
    with open(os.path.join(out, "labels.jsonl"), "w", encoding="utf-8") as fh:
        for rec in recs:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    n = sum(len(r["spans"]) for r in recs)
    print(f"wrote {len(recs)} documents, {n} spans to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
