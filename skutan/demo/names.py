"""Name, street and place lists for the synthetic municipality.

Common names only, combined at random: no combination is meant to point at a real person. Streets are
names found in most Swedish towns; localities are those of Filipstad municipality. Phone numbers come from
the series PTS has set aside for fiction (070-174 06 05 – 070-174 06 99), so no one real is ever called.
"""

SWEDISH_MEN = [
    "Anders", "Johan", "Lars", "Mikael", "Per", "Karl", "Erik", "Peter", "Thomas", "Jan", "Daniel",
    "Fredrik", "Hans", "Andreas", "Stefan", "Magnus", "Mattias", "Jonas", "Niklas", "Marcus", "Björn",
    "Oskar", "Henrik", "Robin", "Simon", "Viktor", "Emil", "Anton", "Kevin", "Joakim", "Patrik", "Tobias",
    "Sebastian", "Rasmus", "Linus", "Jesper", "Göran", "Leif", "Roger", "Kenneth", "Ulf", "Bengt", "Kjell",
    "Tommy", "Christer", "Håkan", "Sven", "Åke", "Dennis", "Jimmy", "Conny", "Mats", "Olof", "Gustav",
]
SWEDISH_WOMEN = [
    "Anna", "Eva", "Maria", "Karin", "Sara", "Kristina", "Lena", "Emma", "Kerstin", "Ingrid", "Malin",
    "Jenny", "Linda", "Hanna", "Elin", "Ida", "Johanna", "Sofia", "Camilla", "Therese", "Lisa", "Frida",
    "Julia", "Amanda", "Matilda", "Moa", "Josefin", "Sandra", "Jessica", "Annika", "Helena", "Marie",
    "Susanne", "Carina", "Petra", "Anneli", "Birgitta", "Gunilla", "Monica", "Ulla", "Åsa", "Pia",
    "Tove", "Louise", "Emelie", "Rebecka", "Felicia", "Wilma", "Ronja", "Angelica",
]
SWEDISH_BOYS = [
    "William", "Liam", "Noah", "Hugo", "Lucas", "Oliver", "Elias", "Alexander", "Adam", "Leo", "Theo",
    "Vincent", "Axel", "Ludvig", "Filip", "Isak", "Melvin", "Viggo", "Alve", "Nils", "Love", "Olle",
    "Harry", "Charlie", "Ebbe", "Loke", "Sixten", "Elton", "Malte", "Milo",
]
SWEDISH_GIRLS = [
    "Alice", "Maja", "Vera", "Elsa", "Astrid", "Ella", "Saga", "Alma", "Olivia", "Selma", "Stella",
    "Ebba", "Agnes", "Freja", "Signe", "Clara", "Leah", "Ellie", "Nova", "Tyra", "Juni", "Elvira",
    "Molly", "Siri", "Meja", "Lykke", "Idun", "Lova", "Hedda", "Iris",
]
SWEDISH_SURNAMES = [
    "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson",
    "Svensson", "Gustafsson", "Pettersson", "Jonsson", "Jansson", "Hansson", "Bengtsson", "Jönsson",
    "Lindberg", "Jakobsson", "Magnusson", "Olofsson", "Lindström", "Lindqvist", "Lindgren", "Berg",
    "Axelsson", "Bergström", "Lundberg", "Lind", "Lundgren", "Lundqvist", "Mattsson", "Berglund",
    "Fredriksson", "Sandberg", "Henriksson", "Forsberg", "Sjöberg", "Wallin", "Engström", "Danielsson",
    "Håkansson", "Eklund", "Lundin", "Gunnarsson", "Holm", "Björk", "Bergman", "Samuelsson", "Fransson",
    "Wikström", "Isaksson", "Bergqvist", "Nyström", "Holmberg", "Arvidsson", "Löfgren", "Söderberg",
    "Nyberg", "Blomqvist", "Claesson", "Mårtensson", "Nordström", "Lundström", "Eliasson", "Pålsson",
    "Björklund", "Viklund", "Berggren", "Sandström", "Nordin", "Ström", "Åberg", "Falk", "Ekström",
    "Hermansson", "Holmgren", "Dahlberg", "Hellström", "Hedlund", "Sundberg", "Sjögren", "Ek", "Blom",
    "Abrahamsson", "Martinsson", "Öberg", "Andreasson", "Strömberg", "Månsson", "Åkesson", "Hansen",
    "Norberg", "Lindholm", "Dahl", "Jonasson", "Hedberg", "Höglund", "Sundström", "Kvist", "Stenberg",
]

# Names of people born abroad, by region of origin (the largest groups among newcomers in Värmland).
FOREIGN = {
    "syria_iraq": {
        "men": ["Ahmad", "Mohammed", "Omar", "Ali", "Hassan", "Khaled", "Mahmoud", "Yousef", "Ibrahim", "Samir", "Rami", "Tarek"],
        "women": ["Fatima", "Aisha", "Mariam", "Noor", "Rania", "Huda", "Lina", "Salma", "Zainab", "Reem", "Amal", "Dalia"],
        "boys": ["Adam", "Yusuf", "Omar", "Karim", "Zaid", "Ilyas", "Hamza", "Elias"],
        "girls": ["Sara", "Lana", "Jana", "Maya", "Leen", "Rahaf", "Hiba", "Nour"],
        "surnames": ["Al-Hassan", "Khalil", "Haddad", "Mansour", "Ibrahim", "Saleh", "Darwish", "Najjar", "Hamdan", "Youssef", "Abbas", "Kassem"],
    },
    "somalia": {
        "men": ["Abdi", "Abdullahi", "Mohamed", "Ahmed", "Hassan", "Yusuf", "Abdirahman", "Farah", "Ismail"],
        "women": ["Hodan", "Amina", "Fadumo", "Hawa", "Sahra", "Ayan", "Hibo", "Ifrah", "Khadra"],
        "boys": ["Abdi", "Hamza", "Sakariye", "Mustafa", "Ayub", "Bilal"],
        "girls": ["Ikran", "Najma", "Sagal", "Hani", "Ilhan", "Muna"],
        "surnames": ["Ali", "Warsame", "Osman", "Hussein", "Jama", "Abdi", "Nur", "Farah", "Mohamud", "Egal"],
    },
    "eritrea": {
        "men": ["Yonas", "Dawit", "Filmon", "Tesfay", "Amanuel", "Semere", "Henok", "Kidane"],
        "women": ["Senait", "Helen", "Luwam", "Feven", "Rahwa", "Saba", "Winta", "Mebrat"],
        "boys": ["Abel", "Natan", "Samuel", "Daniel", "Yafet"],
        "girls": ["Hermon", "Selam", "Ruth", "Eden", "Milka"],
        "surnames": ["Tesfamariam", "Ghebremedhin", "Haile", "Tekle", "Berhane", "Woldu", "Kahsay", "Mehari"],
    },
    "afghanistan_iran": {
        "men": ["Ali", "Reza", "Hamid", "Mustafa", "Sina", "Farid", "Jawad", "Mehdi", "Arash"],
        "women": ["Zahra", "Maryam", "Parisa", "Shirin", "Fereshteh", "Nasrin", "Laleh", "Roya"],
        "boys": ["Arvin", "Amir", "Daniel", "Kian", "Aryan"],
        "girls": ["Yasmin", "Sahar", "Dina", "Tara", "Nazanin"],
        "surnames": ["Ahmadi", "Hosseini", "Rezaei", "Mohammadi", "Karimi", "Rahimi", "Sadeghi", "Jafari", "Nazari"],
    },
    "poland_baltics": {
        "men": ["Piotr", "Krzysztof", "Tomasz", "Marek", "Pawel", "Andrius", "Mindaugas", "Janis"],
        "women": ["Agnieszka", "Katarzyna", "Magdalena", "Joanna", "Monika", "Ieva", "Inga", "Laura"],
        "boys": ["Jakub", "Kacper", "Szymon", "Lukas", "Matas"],
        "girls": ["Zuzanna", "Lena", "Emilia", "Gabija", "Amelia"],
        "surnames": ["Nowak", "Kowalski", "Wisniewski", "Wojcik", "Kaminski", "Kazlauskas", "Petrauskas", "Berzins"],
    },
    "balkans": {
        "men": ["Emir", "Haris", "Adnan", "Dragan", "Nenad", "Mirza", "Zoran", "Edin"],
        "women": ["Amra", "Selma", "Jasmina", "Vesna", "Lejla", "Mirela", "Azra", "Snezana"],
        "boys": ["Amar", "Luka", "Adin", "Tarik", "Vuk"],
        "girls": ["Ajla", "Sara", "Iman", "Mila", "Nejla"],
        "surnames": ["Hodzic", "Begic", "Kovacevic", "Petrovic", "Delic", "Mehmedovic", "Jovanovic", "Hasanovic"],
    },
    "finland": {
        "men": ["Jari", "Mika", "Timo", "Pekka", "Kari", "Juha", "Markku", "Seppo"],
        "women": ["Tuula", "Pirjo", "Sirpa", "Riitta", "Marja", "Päivi", "Tarja", "Anneli"],
        "boys": ["Eino", "Onni", "Väinö", "Aleksi"],
        "girls": ["Aino", "Helmi", "Sanni", "Venla"],
        "surnames": ["Virtanen", "Korhonen", "Mäkinen", "Nieminen", "Hämäläinen", "Laine", "Heikkinen", "Koskinen"],
    },
}
# EU citizens without Swedish registration: the usual holders of a reservnummer.
RESERVE_ORIGIN = {
    "men": ["Ion", "Florin", "Marian", "Gheorghe", "Vasile", "Nicolae"],
    "women": ["Maria", "Elena", "Ioana", "Florentina", "Mihaela", "Gabriela"],
    "surnames": ["Popescu", "Stoica", "Dumitru", "Radu", "Lungu", "Ciobanu", "Matei"],
}
# Rough weights of the regions among those born abroad.
FOREIGN_WEIGHTS = {
    "syria_iraq": 30, "somalia": 18, "eritrea": 14, "afghanistan_iran": 16,
    "poland_baltics": 8, "balkans": 7, "finland": 7,
}

STREETS = [
    "Storgatan", "Kungsgatan", "Drottninggatan", "Nygatan", "Kyrkogatan", "Skolgatan", "Järnvägsgatan",
    "Hyttgatan", "Bruksgatan", "Tingsgatan", "Fabriksgatan", "Smedjegatan", "Björkvägen", "Granvägen",
    "Tallvägen", "Lönnvägen", "Rönnvägen", "Ekvägen", "Sjövägen", "Parkvägen", "Ängsvägen", "Backvägen",
    "Solvägen", "Bergsgatan", "Malmgatan", "Hagagatan", "Älvgatan", "Torggatan",
]
# (postort, postnummer prefix, weight): most people live in the town itself.
LOCALITIES = [
    ("Filipstad", "6823", 70), ("Lesjöfors", "6826", 12), ("Nykroppa", "6829", 8),
    ("Storbrohyttan", "6829", 3), ("Persberg", "6829", 4), ("Nordmark", "6829", 3),
]
FICTION_PHONE_NUMBERS = [f"070-174 06 {n:02d}" for n in range(5, 100)]

# Staff: (first name, last name). Kept separate from client names so no client shares a staff name.
STAFF_NAMES = [
    ("Annika", "Wahlström"), ("Jonas", "Edvardsson"), ("Malin", "Rosén"), ("Ahmed", "Farouk"),
    ("Karin", "Lilja"), ("Peter", "Dahlgren"), ("Sofia", "Hägg"), ("Emma", "Lundell"), ("Oskar", "Brandt"),
    ("Nadia", "Sabri"), ("Linnea", "Ståhl"), ("Mattias", "Grönlund"), ("Ida", "Westerberg"),
    ("Hanna", "Modig"), ("Elin", "Törnqvist"), ("Viktor", "Halvarsson"), ("Amra", "Selimović"),
    ("Frida", "Boman"), ("Johanna", "Alm"), ("Lisa", "Ekblad"), ("Sara", "Fagerlund"), ("Marcus", "Ljung"),
    ("Tove", "Rydberg"), ("Patrik", "Nordlund"), ("Rebecka", "Åström"), ("Helena", "Kjellberg"),
    ("Anders", "Sjöstedt"), ("Maria", "Hultgren"), ("Therese", "Ekman"), ("Mikael", "Carlberg"),
    ("Ulrika", "Strand"), ("Göran", "Tidblad"), ("Kristina", "Wiberg"), ("Lena", "Mossberg"),
    ("Erik", "Forslund"), ("Camilla", "Holmér"), ("Daniel", "Öhman"), ("Jessica", "Blixt"),
    ("Fredrik", "Ågren"), ("Pia", "Norén"), ("Stefan", "Lagerqvist"), ("Moa", "Sandell"),
    ("Sanna", "Palmér"), ("Johan", "Ringström"), ("Nora", "Yilmaz"), ("Louise", "Sterner"),
    ("Karl", "Vikström"), ("Agnes", "Fröding"), ("Tomas", "Granath"), ("Yasmin", "Haddou"),
]
