"""Passwords too common to allow: a published list and Danish additions, case-insensitive."""

from __future__ import annotations

from functools import cache
from importlib import resources

# The published list: zxcvbn's 30,000 most common passwords (MIT), shipped as package data;
# its header says where it comes from. Entries shorter than PASSWORD_MIN_LENGTH are refused by
# the length rule first; they stay so the file matches its source.
_PUBLISHED = "common_passwords.txt"

# Danish words and patterns people in Denmark commonly choose, which an English-language list
# lacks: "kodeord", "hejmeddig", football clubs, cities, family words. Written by hand (no
# published Danish list with a licence that allows shipping it was found).
_DANISH = """
kodeord kodeord1 kodeord12 kodeord123 kodeord1234 kodeordet mitkodeord mitkodeord1
adgangskode adgangskode1 adgangskode12 adgangskode123 minadgangskode nyadgangskode
nytkodeord nytkodeord1 hemmelig hemmelig1 hemmelig123 hemmeligt hemmeligt1 kodeord!
hejmeddig hejmeddig1 hejmeddig12 hejmeddig123 hejmeddig! hejhej hejhej1 hejhej12
hejhej123 hejhejhej hejsa123 hejsameddig godmorgen goddag123 velkommen velkommen1
velkommen12 velkommen123 velkommen! danmark danmark1 danmark12 danmark123 danmark1234
danmark! danmark2024 danmark2025 danmark2023 danmark2026 danmarkrundt rødgrødmedfløde
rodgrodmedflode jegelskerdig elskerdig elskerdig1 kærlighed kaerlighed kaereste
kæreste jegerdum fodbold fodbold1 fodbold12 fodbold123 fodbold10 håndbold haandbold
handbold123 brøndby brondby brondby1 brondby123 brøndby1 brøndbyif fckfckfck
fck12345 fckøbenhavn fckobenhavn københavn kobenhavn kobenhavn1 kbh12345 aarhus
aarhus123 agf12345 aalborg aalborg123 aab12345 odense odense123 viborg viborg123
silkeborg esbjerg randers horsens kolding vejle roskilde herning holstebro
mormor mormor1 mormor123 morfar farmor farfar mor12345 far12345 morogfar bamse123
bamsefar bamsemor bamseline skattebasse skat1234 skatter1 smukke smukkeste sol12345
solskin solsikke sommerfugl jordbær jordbaer hestehest hest1234 hund1234 hunden1
katten1 kat12345 mus12345 kagemand lakrids flødebolle flodebolle pandekage
julemand julemanden jul12345 glædeligjul glaedeligjul nisse123 lego1234 legoland
carlsberg tuborg tuborg123 hyggelig hygge123 rugbrød rugbrod frikadelle
mandag123 fredag fredag123 weekend weekend1 vinter vinter1 sommer sommer1 sommer12
sommer123 forår foraar efterår efteraar jylland sjælland sjaelland fyn12345
bornholm skagen computer1 kode1234 kode12345 pinkode pin12345 login1234 bruger
bruger1 bruger123 brugernavn qwertyuiopå asdfghjklæø
""".split()

# Entries of the earlier hand-typed list that the published one lacks, kept so that no password
# refused before is allowed now: zxcvbn files first names and English words under lists of
# their own, and leaves out default logins and repeated digits.
_KEPT = """
121212 123 zaq1zaq1 987654321 9876543210 00000000 12341234 12121212 88888888 99999999
22222222 55555555 77777777 33333333 44444444 66666666 87654321 1111111111 abcdefg abcdefgh
p@ssword passwort1 thepassword letmein123 welcome2024 changeme123 admin1234 administrator
root root1234 toor testtest guest guest123 user1234 login login123 basketball michael
fortnite jessica jennifer michelle daniel thomas andrew autumn asdasdasd zxczxc aaaaaa
aaaaaaaa abcabc nicole ashley lovelove chocolate matthew facebook linkedin dropbox windows10
linux ubuntu 456789 010101 101010 1q2w3e4r! letmein! company company123 office office123
office2024 secure123 temporary newpass123
""".split()

# Danish (and English) seasons and months with a year: "sommer2024", "januar2025".
_SEASONS = (
    "sommer",
    "vinter",
    "forår",
    "foraar",
    "efterår",
    "efteraar",
    "summer",
    "winter",
    "spring",
    "autumn",
)
_MONTHS = (
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
)
_YEARS = range(2010, 2031)


def _published() -> set[str]:
    text = resources.files("placement.accounts").joinpath(_PUBLISHED).read_text(encoding="utf-8")
    lines = (line.strip() for line in text.splitlines())
    return {line for line in lines if line and not line.startswith("#")}


@cache
def common_passwords() -> frozenset[str]:
    """Every listed password in lower case, read from the package once per process."""
    dated = {
        f"{word}{year}{end}" for word in _SEASONS + _MONTHS for year in _YEARS for end in ("", "!")
    }
    return frozenset(word.lower() for word in _published() | set(_DANISH) | set(_KEPT) | dated)


def is_common(password: str) -> bool:
    return password.strip().lower() in common_passwords()
