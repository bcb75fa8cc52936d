"""Passwords too common to allow: a short, hand-compiled list, checked case-insensitively."""

from __future__ import annotations

# Origin, honestly: this machine has no network, so this is NOT a published breach list. It
# was written by hand from memory of the widely reported "most common passwords" lists
# (SplashData/NordPass yearly top lists, the RockYou top entries, the NCSC's "100k-most-used"
# head), plus Danish words and patterns that people in Denmark commonly choose (seasons and
# months with a year, "kodeord", "hejmeddig", football clubs, cities). It is a few hundred
# entries, not the tens of thousands a real deny list has: replace it with a published list
# (for example the NCSC's PwnedPasswordsTop100k) when one can be fetched. Entries shorter than
# PASSWORD_MIN_LENGTH are refused by the length rule anyway; they stay for completeness.
_LISTED = """
123456 123456789 12345678 1234567890 12345 1234567 123123 111111 000000 654321 666666
121212 112233 123321 1234 123 1q2w3e4r 1q2w3e4r5t 1qaz2wsx 1qazxsw2 zaq12wsx zaq1zaq1
qwerty qwerty123 qwerty1 qwertyui qwertyuiop qwertz qwertzuiop azerty asdfgh asdfghjk
asdfghjkl asdf1234 zxcvbnm zxcvbnm1 zxcvbn qazwsx qazwsxedc 1qaz2wsx3edc qwe123 qweqwe
qweasd qweasdzxc qwertyuiopå asdfghjklæø 147258369 159753 741852963 963852741 789456123
987654321 9876543210 11111111 00000000 12341234 12121212 88888888 99999999 22222222
55555555 77777777 33333333 44444444 66666666 87654321 1111111111 123456789a 12345678a
1234567a a1234567 a12345678 123456a 123abc abc123 abc12345 abcd1234 abcdefg abcdefgh
aa123456 a1b2c3d4 a1b2c3 1a2b3c4d
password password1 password12 password123 password1234 passw0rd p@ssw0rd p@ssword
pa55word pass1234 pass123 passwort passwort1 password! password01 mypassword
thepassword secret secret123 letmein letmein1 letmein123 welcome welcome1 welcome123
welcome2024 changeme changeme123 default admin admin123 admin1234 administrator root
root1234 toor test test1234 test123 testtest guest guest123 user1234 login login123
master master123 access access123 trustno1 iloveyou iloveyou1 iloveyou2 loveyou
lovely princess princess1 sunshine sunshine1 shadow shadow123 dragon dragon123
monkey monkey123 football football1 baseball basketball soccer hockey michael
superman batman spiderman starwars pokemon pokemon123 minecraft fortnite whatever
freedom freedom1 computer internet flower hello hello123 hello1234 charlie charlie1
jessica jennifer michelle daniel thomas andrew jordan23 hunter hunter2 ranger
buster tigger summer winter spring autumn qwerty12 qwerty1234 q1w2e3r4 q1w2e3r4t5
q1w2e3r4t5y6 1q2w3e 123qwe 123qweasd 123qweasdzxc zxcasdqwe 1234qwer qwer1234
asdasd asdasdasd zxczxc aaaaaa aaaaaaaa abcabc 112233445566 nicole daniel1 ashley
babygirl lovelove matrix cheese cookie chocolate banana orange purple jordan
loveme killer killer123 pepper ginger maggie harley matthew samsung samsung1 apple123
google google123 facebook linkedin dropbox microsoft windows windows10 linux ubuntu
123654 147258 159357 258456 852456 456789 789456 010101 101010 131313 696969 7777777
qwerty11 qwerty01 iloveu 5201314 a123456 a123456789 abc123456 1234abcd 12qwaszx
zaq123 !qaz2wsx 1q2w3e4r! p4ssw0rd passw0rd1 password2 password3 password11 letmein!
summer2024 summer2023 summer2025 winter2024 spring2024 company company123 office
office123 office2024 secure123 security temp1234 temppass temporary newpassword
newpass newpass123 nopassword blink182 liverpool chelsea arsenal manutd barcelona
realmadrid juventus
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
bruger1 bruger123 brugernavn
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

COMMON_PASSWORDS: frozenset[str] = frozenset(
    {word.lower() for word in _LISTED}
    | {f"{word}{year}{end}" for word in _SEASONS + _MONTHS for year in _YEARS for end in ("", "!")}
)


def is_common(password: str) -> bool:
    return password.strip().lower() in COMMON_PASSWORDS
