"""Build the gazetteer data files shipped in ``src/warta/resources/nlp_*.tsv``.

Countries come from pycountry (ISO 3166 alpha-2/alpha-3, English names) and Babel's
CLDR territory names for the Indonesian (``id``) and English (``en``) locales, plus a
short curated list of the names Indonesian newsrooms use beside the CLDR ones
("China" beside "Tiongkok", "AS" for the United States, "Korsel", "Turki"...).
Places, international bodies, organs of state and media outlets are curated below:
general knowledge of world and Indonesian news, not strings of any one article.

Run ``python scripts/build_gazetteers.py``; the runtime only reads the TSV files.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pycountry
from babel import Locale

OUT = Path(__file__).resolve().parents[1] / "src" / "warta" / "resources"

# Names used in Indonesian news beside the CLDR ones, by alpha-3.
COUNTRY_EXTRA: dict[str, list[str]] = {
    "AFG": ["Afghanistan"],
    "ARE": ["UEA", "Emirat Arab", "Uni Emirat Arab"],
    "BLR": ["Belarusia", "Byelorusia"],
    "BRN": ["Brunei", "Brunei Darussalam"],
    "CHN": ["China", "Cina", "Tiongkok", "RRT", "Republik Rakyat Tiongkok", "RRC"],
    "CIV": ["Pantai Gading"],
    "COD": ["Kongo", "Republik Demokratik Kongo", "RD Kongo"],
    "CZE": ["Ceko", "Republik Ceko"],
    "DEU": ["Jerman"],
    "FRA": ["Prancis", "Perancis"],
    "GBR": ["Inggris", "Britania Raya", "UK", "Britania"],
    "IRN": ["Iran"],
    "IDN": ["Indonesia", "RI", "Republik Indonesia", "NKRI"],
    "KGZ": ["Kirgistan", "Kirgizstan", "Kyrgyzstan", "Kirgizia"],
    "KOR": ["Korea Selatan", "Korsel", "Korea"],
    "KAZ": ["Kazakstan"],
    "MMR": ["Myanmar", "Burma"],
    "NLD": ["Belanda", "Holland"],
    "PRK": ["Korea Utara", "Korut"],
    "PSE": ["Palestina", "Palestine"],
    "PHL": ["Filipina"],
    "RUS": ["Rusia", "Russia", "Federasi Rusia"],
    "SAU": ["Arab Saudi", "Saudi"],
    "SYR": ["Suriah", "Syria"],
    "TLS": ["Timor Leste", "Timor-Leste"],
    "TUR": ["Turki", "Turkiye", "Türkiye"],
    "TWN": ["Taiwan"],
    "UKR": ["Ukraina"],
    "USA": ["Amerika Serikat", "AS", "Amerika", "USA", "US", "Paman Sam"],
    "VAT": ["Vatikan"],
    "VNM": ["Vietnam"],
    "ZAF": ["Afrika Selatan", "Afsel"],
    "CHE": ["Swiss"],
    "ISR": ["Israel"],
    "LAO": ["Laos"],
    "MDA": ["Moldova"],
    "SRB": ["Serbia"],
    "BIH": ["Bosnia", "Bosnia-Herzegovina"],
    "MKD": ["Makedonia Utara", "Makedonia"],
    "NZL": ["Selandia Baru"],
    "PNG": ["Papua Nugini"],
    "TZA": ["Tanzania"],
    "BOL": ["Bolivia"],
    "VEN": ["Venezuela"],
}

# Aliases that are ordinary words or common given names and so make poor triggers.
COUNTRY_STOP = {"Jordan", "Chad", "Man", "Jersey", "Georgia Selatan", "US", "Saint Martin", "Dominika"}

HISTORIC = [("SUN", "Uni Soviet", ["Soviet", "USSR", "Soviet Union", "Uni Republik Sosialis Soviet"]),
            ("YUG", "Yugoslavia", [])]

# Capitals and major cities: name, alpha-3, other spellings.
PLACES: list[tuple[str, str, list[str]]] = [
    # Asia
    ("Jakarta", "IDN", ["DKI Jakarta"]), ("Surabaya", "IDN", []), ("Bandung", "IDN", []),
    ("Medan", "IDN", []), ("Semarang", "IDN", []), ("Makassar", "IDN", []), ("Palembang", "IDN", []),
    ("Yogyakarta", "IDN", ["Jogja", "Yogya", "Jogjakarta"]), ("Denpasar", "IDN", []), ("Bali", "IDN", []),
    ("Bogor", "IDN", []), ("Depok", "IDN", []), ("Tangerang", "IDN", []), ("Bekasi", "IDN", []),
    ("Malang", "IDN", []), ("Solo", "IDN", ["Surakarta"]), ("Padang", "IDN", []), ("Pekanbaru", "IDN", []),
    ("Balikpapan", "IDN", []), ("Samarinda", "IDN", []), ("Pontianak", "IDN", []), ("Manado", "IDN", []),
    ("Ambon", "IDN", []), ("Jayapura", "IDN", []), ("Kupang", "IDN", []), ("Mataram", "IDN", []),
    ("Banda Aceh", "IDN", []), ("Aceh", "IDN", []), ("Batam", "IDN", []), ("Banjarmasin", "IDN", []),
    ("Nusantara", "IDN", ["IKN", "Ibu Kota Nusantara"]), ("Papua", "IDN", []), ("Jawa Barat", "IDN", []),
    ("Jawa Tengah", "IDN", []), ("Jawa Timur", "IDN", []), ("Sumatera Utara", "IDN", []),
    ("Sumatera Barat", "IDN", []), ("Kalimantan Timur", "IDN", []), ("Sulawesi Selatan", "IDN", []),
    ("Nusa Tenggara Barat", "IDN", ["NTB"]), ("Nusa Tenggara Timur", "IDN", ["NTT"]), ("Banten", "IDN", []),
    ("Riau", "IDN", []), ("Lampung", "IDN", []), ("Kalimantan", "IDN", []), ("Sumatera", "IDN", ["Sumatra"]),
    ("Jawa", "IDN", []), ("Sulawesi", "IDN", []), ("Maluku", "IDN", []), ("Lombok", "IDN", []),
    ("Kuala Lumpur", "MYS", []), ("Putrajaya", "MYS", []), ("Johor", "MYS", []), ("Sabah", "MYS", []),
    ("Sarawak", "MYS", []), ("Penang", "MYS", []), ("Bandar Seri Begawan", "BRN", []),
    ("Manila", "PHL", []), ("Bangkok", "THA", []), ("Hanoi", "VNM", []), ("Ho Chi Minh", "VNM", ["Saigon"]),
    ("Phnom Penh", "KHM", []), ("Vientiane", "LAO", []), ("Naypyidaw", "MMR", ["Naypyitaw"]),
    ("Yangon", "MMR", ["Rangoon"]), ("Dili", "TLS", []), ("Beijing", "CHN", ["Peking"]),
    ("Shanghai", "CHN", []), ("Hong Kong", "CHN", []), ("Wuhan", "CHN", []), ("Guangzhou", "CHN", []),
    ("Shenzhen", "CHN", []), ("Xinjiang", "CHN", []), ("Tibet", "CHN", []), ("Taipei", "TWN", []),
    ("Tokyo", "JPN", []), ("Osaka", "JPN", []), ("Kyoto", "JPN", []), ("Hiroshima", "JPN", []),
    ("Seoul", "KOR", []), ("Busan", "KOR", []), ("Pyongyang", "PRK", []), ("Ulaanbaatar", "MNG", []),
    ("New Delhi", "IND", ["Delhi"]), ("Mumbai", "IND", []), ("Kolkata", "IND", []), ("Islamabad", "PAK", []),
    ("Karachi", "PAK", []), ("Lahore", "PAK", []), ("Kabul", "AFG", []), ("Dhaka", "BGD", []),
    ("Kathmandu", "NPL", []), ("Colombo", "LKA", []), ("Male", "MDV", []), ("Thimphu", "BTN", []),
    ("Astana", "KAZ", ["Nur-Sultan", "Nursultan"]), ("Almaty", "KAZ", ["Alma-Ata"]),
    ("Bishkek", "KGZ", []), ("Tashkent", "UZB", ["Toshkent"]), ("Samarkand", "UZB", []),
    ("Dushanbe", "TJK", []), ("Ashgabat", "TKM", []), ("Teheran", "IRN", ["Tehran"]),
    ("Isfahan", "IRN", []), ("Baghdad", "IRQ", ["Bagdad"]), ("Damaskus", "SYR", ["Damascus"]),
    ("Aleppo", "SYR", []), ("Beirut", "LBN", []), ("Amman", "JOR", []), ("Yerusalem", "ISR", ["Jerusalem"]),
    ("Tel Aviv", "ISR", []), ("Gaza", "PSE", ["Jalur Gaza"]), ("Tepi Barat", "PSE", []),
    ("Ramallah", "PSE", []), ("Riyadh", "SAU", []), ("Jeddah", "SAU", []), ("Mekkah", "SAU", ["Makkah"]),
    ("Madinah", "SAU", []), ("Doha", "QAT", []), ("Abu Dhabi", "ARE", []), ("Dubai", "ARE", []),
    ("Muscat", "OMN", []), ("Manama", "BHR", []), ("Kuwait City", "KWT", []), ("Sanaa", "YEM", []),
    ("Ankara", "TUR", []), ("Istanbul", "TUR", []), ("Baku", "AZE", []), ("Tbilisi", "GEO", []),
    ("Yerevan", "ARM", []), ("Nagorno-Karabakh", "AZE", ["Karabakh"]), ("Singapura", "SGP", []),
    ("Canberra", "AUS", []), ("Sydney", "AUS", []), ("Melbourne", "AUS", []), ("Perth", "AUS", []),
    ("Darwin", "AUS", []), ("Wellington", "NZL", []), ("Auckland", "NZL", []), ("Port Moresby", "PNG", []),
    # Europe
    ("Moskwa", "RUS", ["Moskow", "Moscow"]), ("Sankt Peterburg", "RUS", ["St Petersburg", "Saint Petersburg"]),
    ("Kremlin", "RUS", []), ("Krimea", "UKR", ["Crimea"]), ("Minsk", "BLR", []), ("Kyiv", "UKR", ["Kiev"]),
    ("Kharkiv", "UKR", []), ("Odesa", "UKR", ["Odessa"]), ("Donetsk", "UKR", []), ("Luhansk", "UKR", []),
    ("Chisinau", "MDA", []), ("Warsawa", "POL", ["Warsaw"]), ("Vilnius", "LTU", []), ("Riga", "LVA", []),
    ("Tallinn", "EST", []), ("Helsinki", "FIN", []), ("Stockholm", "SWE", []), ("Oslo", "NOR", []),
    ("Kopenhagen", "DNK", ["Copenhagen"]), ("Berlin", "DEU", []), ("Munchen", "DEU", ["Munich", "München"]),
    ("Frankfurt", "DEU", []), ("Hamburg", "DEU", []), ("Paris", "FRA", []), ("Marseille", "FRA", []),
    ("London", "GBR", []), ("Manchester", "GBR", []), ("Liverpool", "GBR", []), ("Edinburgh", "GBR", []),
    ("Dublin", "IRL", []), ("Amsterdam", "NLD", []), ("Den Haag", "NLD", ["The Hague"]),
    ("Brussel", "BEL", ["Brussels"]), ("Luksemburg", "LUX", []), ("Bern", "CHE", []),
    ("Jenewa", "CHE", ["Geneva"]), ("Zurich", "CHE", ["Zürich"]), ("Davos", "CHE", []), ("Wina", "AUT", ["Vienna"]),
    ("Roma", "ITA", ["Rome"]), ("Milan", "ITA", ["Milano"]), ("Vatikan", "VAT", []), ("Madrid", "ESP", []),
    ("Barcelona", "ESP", []), ("Lisbon", "PRT", ["Lisboa"]), ("Athena", "GRC", ["Athens"]),
    ("Praha", "CZE", ["Prague"]), ("Bratislava", "SVK", []), ("Budapest", "HUN", []),
    ("Bukares", "ROU", ["Bucharest"]), ("Sofia", "BGR", []), ("Beograd", "SRB", ["Belgrade"]),
    ("Zagreb", "HRV", []), ("Ljubljana", "SVN", []), ("Sarajevo", "BIH", []), ("Skopje", "MKD", []),
    ("Tirana", "ALB", []), ("Pristina", "XKX", []), ("Reykjavik", "ISL", []), ("Nikosia", "CYP", ["Nicosia"]),
    ("Valletta", "MLT", []), ("Strasbourg", "FRA", []),
    # Africa
    ("Kairo", "EGY", ["Cairo"]), ("Aleksandria", "EGY", []), ("Tripoli", "LBY", []), ("Tunis", "TUN", []),
    ("Aljir", "DZA", ["Algiers"]), ("Rabat", "MAR", []), ("Khartoum", "SDN", []), ("Addis Ababa", "ETH", []),
    ("Nairobi", "KEN", []), ("Kampala", "UGA", []), ("Kigali", "RWA", []), ("Mogadishu", "SOM", []),
    ("Abuja", "NGA", []), ("Lagos", "NGA", []), ("Accra", "GHA", []), ("Dakar", "SEN", []),
    ("Bamako", "MLI", []), ("Niamey", "NER", []), ("Kinshasa", "COD", []), ("Luanda", "AGO", []),
    ("Pretoria", "ZAF", []), ("Johannesburg", "ZAF", []), ("Cape Town", "ZAF", []), ("Harare", "ZWE", []),
    ("Dodoma", "TZA", []), ("Dar es Salaam", "TZA", []), ("Maputo", "MOZ", []),
    # Americas
    ("Washington", "USA", ["Washington DC", "Washington D.C."]), ("New York", "USA", []),
    ("Los Angeles", "USA", []), ("Chicago", "USA", []), ("San Francisco", "USA", []), ("Boston", "USA", []),
    ("Miami", "USA", []), ("Texas", "USA", []), ("California", "USA", []), ("Florida", "USA", []),
    ("Gedung Putih", "USA", ["White House"]), ("Pentagon", "USA", []), ("Ottawa", "CAN", []),
    ("Toronto", "CAN", []), ("Vancouver", "CAN", []), ("Mexico City", "MEX", []), ("Havana", "CUB", []),
    ("Caracas", "VEN", []), ("Bogota", "COL", ["Bogotá"]), ("Lima", "PER", []), ("Quito", "ECU", []),
    ("Santiago", "CHL", []), ("Buenos Aires", "ARG", []), ("Brasilia", "BRA", ["Brasília"]),
    ("Rio de Janeiro", "BRA", []), ("Sao Paulo", "BRA", ["São Paulo"]), ("Montevideo", "URY", []),
    ("La Paz", "BOL", []), ("Asuncion", "PRY", []), ("Panama City", "PAN", []),
]

# International bodies and organs of state: name, aliases, alpha-3 (or ""), kind.
ORGS: list[tuple[str, list[str], str, str]] = [
    ("Perserikatan Bangsa-Bangsa", ["PBB", "United Nations", "UN", "Perserikatan Bangsa Bangsa"], "", "intl"),
    ("Dewan Keamanan PBB", ["DK PBB", "Dewan Keamanan", "UN Security Council"], "", "intl"),
    ("Majelis Umum PBB", ["MU PBB", "UN General Assembly"], "", "intl"),
    ("ASEAN", ["Perhimpunan Bangsa-Bangsa Asia Tenggara"], "", "intl"),
    ("CSTO", ["Organisasi Perjanjian Keamanan Kolektif", "Collective Security Treaty Organization"], "", "intl"),
    ("NATO", ["Pakta Pertahanan Atlantik Utara", "North Atlantic Treaty Organization"], "", "intl"),
    ("Uni Eropa", ["UE", "European Union", "EU"], "", "intl"),
    ("Komisi Eropa", ["European Commission"], "", "intl"),
    ("Parlemen Eropa", ["European Parliament"], "", "intl"),
    ("Uni Afrika", ["African Union"], "", "intl"),
    ("Liga Arab", ["Arab League"], "", "intl"),
    ("Organisasi Kerja Sama Islam", ["OKI", "OIC"], "", "intl"),
    ("Organisasi Kerja Sama Shanghai", ["SCO", "Shanghai Cooperation Organisation"], "", "intl"),
    ("Persemakmuran Negara-Negara Merdeka", ["CIS", "Commonwealth of Independent States"], "", "intl"),
    ("Uni Ekonomi Eurasia", ["EAEU", "Eurasian Economic Union"], "", "intl"),
    ("OSCE", ["Organisasi untuk Keamanan dan Kerja Sama di Eropa"], "", "intl"),
    ("BRICS", [], "", "intl"), ("G20", ["G-20"], "", "intl"), ("G7", ["G-7"], "", "intl"),
    ("APEC", [], "", "intl"), ("OPEC", [], "", "intl"), ("OPEC+", [], "", "intl"),
    ("Organisasi Kesehatan Dunia", ["WHO", "World Health Organization"], "", "intl"),
    ("Dana Moneter Internasional", ["IMF", "International Monetary Fund"], "", "intl"),
    ("Bank Dunia", ["World Bank"], "", "intl"),
    ("Organisasi Perdagangan Dunia", ["WTO", "World Trade Organization"], "", "intl"),
    ("UNESCO", [], "", "intl"), ("UNICEF", [], "", "intl"), ("UNHCR", [], "", "intl"), ("UNRWA", [], "", "intl"),
    ("UNDP", [], "", "intl"), ("FAO", [], "", "intl"), ("ILO", [], "", "intl"), ("IAEA", [], "", "intl"),
    ("Mahkamah Pidana Internasional", ["ICC", "International Criminal Court"], "", "intl"),
    ("Mahkamah Internasional", ["ICJ", "International Court of Justice"], "", "intl"),
    ("Interpol", [], "", "intl"), ("Palang Merah Internasional", ["ICRC"], "", "intl"),
    ("Bank Pembangunan Asia", ["ADB", "Asian Development Bank"], "", "intl"),
    ("Hamas", [], "PSE", "group"), ("Hizbullah", ["Hezbollah"], "LBN", "group"), ("Taliban", [], "AFG", "group"),
    ("Houthi", [], "YEM", "group"),
    ("ISIS", ["NIIS", "Negara Islam"], "", "group"), ("Al-Qaeda", ["Al Qaeda"], "", "group"),
    ("Wagner", ["Grup Wagner"], "RUS", "group"),
    # Indonesian organs of state and institutions
    ("Dewan Perwakilan Rakyat", ["DPR", "DPR RI"], "IDN", "state"),
    ("Majelis Permusyawaratan Rakyat", ["MPR"], "IDN", "state"),
    ("Dewan Perwakilan Daerah", ["DPD"], "IDN", "state"),
    ("Komisi Pemberantasan Korupsi", ["KPK"], "IDN", "state"),
    ("Tentara Nasional Indonesia", ["TNI"], "IDN", "state"),
    ("Kepolisian Negara Republik Indonesia", [], "IDN", "state"),
    ("Badan Intelijen Negara", ["BIN"], "IDN", "state"),
    ("Badan Nasional Penanggulangan Bencana", ["BNPB"], "IDN", "state"),
    ("Badan Pusat Statistik", ["BPS"], "IDN", "state"),
    ("Badan Pemeriksa Keuangan", ["BPK"], "IDN", "state"),
    ("Mahkamah Konstitusi", ["MK"], "IDN", "state"), ("Mahkamah Agung", ["MA"], "IDN", "state"),
    ("Komisi Pemilihan Umum", ["KPU"], "IDN", "state"), ("Badan Pengawas Pemilu", ["Bawaslu"], "IDN", "state"),
    ("Bank Indonesia", ["BI"], "IDN", "state"), ("Otoritas Jasa Keuangan", ["OJK"], "IDN", "state"),
    ("Kejaksaan Agung", ["Kejagung"], "IDN", "state"), ("Istana Kepresidenan", [], "IDN", "state"),
    ("Kementerian Luar Negeri", ["Kemenlu", "Kemlu"], "IDN", "state"),
    ("Kementerian Dalam Negeri", ["Kemendagri"], "IDN", "state"),
    ("Kementerian Keuangan", ["Kemenkeu"], "IDN", "state"),
    ("Kementerian Pertahanan", ["Kemenhan"], "IDN", "state"),
    ("Kementerian Kesehatan", ["Kemenkes"], "IDN", "state"),
    ("Kementerian Sosial", ["Kemensos"], "IDN", "state"),
    ("Kementerian Perdagangan", ["Kemendag"], "IDN", "state"),
    ("Kementerian Perhubungan", ["Kemenhub"], "IDN", "state"),
    ("Kementerian Agama", ["Kemenag"], "IDN", "state"),
    ("Kementerian Hukum dan HAM", ["Kemenkumham"], "IDN", "state"),
    ("Kementerian BUMN", [], "IDN", "state"),
    ("Pertamina", [], "IDN", "company"), ("PLN", [], "IDN", "company"), ("Garuda Indonesia", [], "IDN", "company"),
    ("Nahdlatul Ulama", ["NU", "PBNU"], "IDN", "society"), ("Muhammadiyah", [], "IDN", "society"),
    ("Majelis Ulama Indonesia", ["MUI"], "IDN", "society"),
    ("PDI Perjuangan", ["PDI-P", "PDIP"], "IDN", "party"), ("Partai Golkar", ["Golkar"], "IDN", "party"),
    ("Partai Gerindra", ["Gerindra"], "IDN", "party"), ("Partai NasDem", ["NasDem", "Nasdem"], "IDN", "party"),
    ("Partai Kebangkitan Bangsa", ["PKB"], "IDN", "party"), ("Partai Keadilan Sejahtera", ["PKS"], "IDN", "party"),
    ("Partai Demokrat", [], "IDN", "party"), ("Partai Amanat Nasional", ["PAN"], "IDN", "party"),
    ("Partai Persatuan Pembangunan", ["PPP"], "IDN", "party"),
    ("Partai Solidaritas Indonesia", ["PSI"], "IDN", "party"),
    # Other organs of state often in foreign news
    ("Kongres AS", ["Kongres Amerika Serikat", "US Congress"], "USA", "state"),
    ("Senat AS", [], "USA", "state"), ("Departemen Luar Negeri AS", ["Deplu AS", "State Department"], "USA", "state"),
    ("Duma", ["Duma Negara"], "RUS", "state"), ("Knesset", [], "ISR", "state"),
    ("Pasukan Pertahanan Israel", ["IDF"], "ISR", "state"), ("Tentara Pembebasan Rakyat", ["PLA"], "CHN", "state"),
    ("Partai Komunis China", ["PKC", "Partai Komunis Tiongkok"], "CHN", "party"),
    ("Akorda", [], "KAZ", "state"),
    # platforms and companies often named in news
    ("YouTube", ["Youtube"], "USA", "company"), ("Facebook", [], "USA", "company"), ("Meta", [], "USA", "company"),
    ("Instagram", [], "USA", "company"), ("Twitter", [], "USA", "company"), ("TikTok", ["Tiktok"], "CHN", "company"),
    ("WhatsApp", ["Whatsapp"], "USA", "company"), ("Google", [], "USA", "company"),
    ("Microsoft", [], "USA", "company"), ("Apple", [], "USA", "company"), ("Amazon", [], "USA", "company"),
    ("Tesla", [], "USA", "company"), ("SpaceX", [], "USA", "company"), ("OpenAI", [], "USA", "company"),
    ("Huawei", [], "CHN", "company"), ("Samsung", [], "KOR", "company"), ("Gojek", ["GoTo"], "IDN", "company"),
    ("Tokopedia", [], "IDN", "company"), ("Grab", [], "SGP", "company"), ("Shopee", [], "SGP", "company"),
    ("Polri", ["Kepolisian RI"], "IDN", "state"), ("Bareskrim Polri", ["Bareskrim"], "IDN", "state"),
    ("Mabes Polri", [], "IDN", "state"), ("BPJS Kesehatan", [], "IDN", "state"),
]

# Media outlets: name, aliases, alpha-3 of the home country (or "").
MEDIA: list[tuple[str, list[str], str]] = [
    ("Reuters", [], "GBR"), ("AFP", ["Agence France-Presse", "Agence France Presse"], "FRA"),
    ("Associated Press", ["AP"], "USA"), ("Bloomberg", [], "USA"), ("BBC", ["BBC News"], "GBR"),
    ("CNN", [], "USA"), ("Al Jazeera", ["Aljazeera", "Al-Jazeera"], "QAT"), ("Al Arabiya", [], "SAU"),
    ("RFE/RL", ["Radio Free Europe/Radio Liberty", "Radio Free Europe", "Radio Liberty"], "USA"),
    ("The Times of Central Asia", ["Times of Central Asia"], ""), ("Eurasianet", [], ""),
    ("TASS", [], "RUS"), ("RIA Novosti", [], "RUS"), ("Interfax", [], "RUS"), ("Sputnik", [], "RUS"),
    ("Russia Today", ["RT"], "RUS"), ("Kommersant", [], "RUS"), ("Izvestia", [], "RUS"), ("Meduza", [], "RUS"),
    ("BelTA", [], "BLR"), ("Kazinform", [], "KAZ"), ("Tengrinews", [], "KAZ"), ("Armenpress", [], "ARM"),
    ("Xinhua", [], "CHN"), ("Global Times", [], "CHN"), ("CGTN", [], "CHN"), ("China Daily", [], "CHN"),
    ("South China Morning Post", ["SCMP"], "CHN"), ("Kyodo", ["Kyodo News"], "JPN"), ("NHK", [], "JPN"),
    ("Nikkei Asia", ["Nikkei"], "JPN"), ("Yonhap", [], "KOR"), ("KCNA", [], "PRK"), ("Bernama", [], "MYS"),
    ("The Star", [], "MYS"), ("Malay Mail", [], "MYS"), ("The Straits Times", ["Straits Times"], "SGP"),
    ("Channel NewsAsia", ["CNA"], "SGP"), ("Bangkok Post", [], "THA"), ("VnExpress", [], "VNM"),
    ("Philippine Daily Inquirer", ["Inquirer"], "PHL"), ("ABC News", [], "USA"), ("NBC News", [], "USA"),
    ("CBS News", [], "USA"), ("Fox News", [], "USA"), ("The New York Times", ["New York Times", "NYT"], "USA"),
    ("The Washington Post", ["Washington Post"], "USA"),
    ("The Wall Street Journal", ["Wall Street Journal", "WSJ"], "USA"),
    ("Politico", [], "USA"), ("Axios", [], "USA"), ("The Hill", [], "USA"), ("Newsweek", [], "USA"),
    ("Time", [], "USA"), ("CNBC", [], "USA"), ("Voice of America", ["VOA"], "USA"), ("NPR", [], "USA"),
    ("The Guardian", ["Guardian"], "GBR"), ("The Independent", [], "GBR"), ("The Telegraph", [], "GBR"),
    ("Financial Times", ["FT"], "GBR"), ("The Economist", [], "GBR"), ("Sky News", [], "GBR"),
    ("Daily Mail", [], "GBR"), ("The Times", [], "GBR"), ("Deutsche Welle", ["DW"], "DEU"),
    ("Der Spiegel", ["Spiegel"], "DEU"), ("Le Monde", [], "FRA"), ("Le Figaro", [], "FRA"),
    ("France 24", [], "FRA"), ("Euronews", [], "FRA"), ("ANSA", [], "ITA"), ("EFE", [], "ESP"),
    ("Anadolu", ["Anadolu Agency", "Kantor Berita Anadolu"], "TUR"), ("IRNA", [], "IRN"), ("Press TV", [], "IRN"),
    ("Tasnim", [], "IRN"), ("Times of Israel", ["The Times of Israel"], "ISR"), ("Haaretz", [], "ISR"),
    ("Arab News", [], "SAU"), ("Kyiv Independent", ["The Kyiv Independent"], "UKR"),
    ("Ukrainska Pravda", [], "UKR"), ("Ukrinform", [], "UKR"), ("ABC", [], "AUS"),
    ("Sydney Morning Herald", [], "AUS"), ("Dawn", [], "PAK"), ("Times of India", [], "IND"),
    ("NDTV", [], "IND"), ("The Hindu", [], "IND"),
    # Indonesian outlets
    ("Kompas", ["Kompas.com", "Harian Kompas", "KOMPAS", "Kompas.id", "Kompas TV"], "IDN"),
    ("Detik", ["detikcom", "Detik.com", "detikNews"], "IDN"), ("Tempo", ["Tempo.co", "Majalah Tempo"], "IDN"),
    ("Antara", ["ANTARA", "Kantor Berita Antara", "Antaranews", "LKBN Antara"], "IDN"),
    ("Republika", ["Republika.co.id"], "IDN"), ("Liputan6", ["Liputan6.com"], "IDN"),
    ("Okezone", ["Okezone.com"], "IDN"), ("Tribunnews", ["Tribunnews.com", "Tribun"], "IDN"),
    ("IDN Times", [], "IDN"), ("CNN Indonesia", [], "IDN"), ("CNBC Indonesia", [], "IDN"),
    ("Kumparan", ["kumparan"], "IDN"), ("Viva", ["VIVA", "Viva.co.id"], "IDN"), ("Suara.com", [], "IDN"),
    ("Media Indonesia", [], "IDN"), ("The Jakarta Post", ["Jakarta Post"], "IDN"), ("Jawa Pos", [], "IDN"),
    ("Bisnis Indonesia", ["Bisnis.com"], "IDN"), ("Kontan", [], "IDN"), ("Katadata", [], "IDN"),
    ("Merdeka.com", [], "IDN"), ("Sindonews", ["Koran Sindo"], "IDN"), ("iNews", [], "IDN"),
    ("Metro TV", [], "IDN"), ("TVRI", [], "IDN"), ("RRI", [], "IDN"), ("Kapanlagi", ["KapanLagi.com"], "IDN"),
    ("Tirto", ["Tirto.id"], "IDN"), ("Narasi", [], "IDN"), ("Beritasatu", [], "IDN"),
]


# Common given names (and a few very common family names) across the regions Indonesian news
# reports on; a feature for the CRF, never a rule on its own.
GIVEN_NAMES = """
Abdul Abdullah Abu Achmad Ade Adi Aditya Agus Agung Ahmad Ahok Aisyah Akbar Ali Amien Amir Anas Andi Andika Andre
Andreas Anies Anis Anita Anton Ani Arief Arif Ario Aryo Asep Ayu Bambang Bayu Benny Budi Cahyo Dani Daniel Dedi
Dedy Dewi Dian Dimas Djoko Doni Dwi Eko Endang Erick Erik Evi Fadli Fahri Fajar Fatimah Febri Ferry Fitri Gatot
Gibran Gita Hadi Hari Haris Hasan Hendra Hendro Heru Ida Ika Imam Indra Irfan Iwan Joko Kaesang Khofifah Lia Lukman
Luhut Made Mahfud Maria Mega Megawati Muhaimin Muhammad Mohammad Mohamad Muh Nadiem Nanik Novel Nur Nurul Nyoman
Prabowo Pramono Puan Putu Rahmat Ratna Reza Ridwan Rini Riza Rizal Rizky Rudi Rudy Sandiaga Setya Siti Slamet Sri
Suharto Sukarno Surya Susi Sutrisno Syahrul Taufik Teguh Tito Tri Tjahjo Umar Wahyu Wawan Wayan Widodo Wiranto Yanti
Yasonna Yudi Yusuf Zulkifli Ketut Komang Gede Kadek Nengah Tjokorda Ucok Butet Intan Rina Sinta Wulan Yuni
Aaron Adam Alan Albert Alex Alexander Alexandra Alice Amanda Amy Andrew Angela Anna Anne Anthony Antony Barack Ben
Benjamin Bernie Bill Bob Boris Brian Bruce Carl Carlos Catherine Charles Chris Christian Christopher Claire Daniel
David Dennis Donald Dmitry Edward Elizabeth Elon Emily Emma Emmanuel Eric Frank Fumio Gabriel George Georgia Gordon
Greg Hillary Henry Hugo Ian Jack Jacob James Jane Janet Jason Jean Jeff Jennifer Jeremy Jerome Jessica Jim Joe John
Johnson Jonathan Joseph Joshua Justin Kamala Karen Karl Kate Keir Kenneth Kevin Kim Kristalina Laura Lee Linda Lisa
Liz Lloyd Louis Marco Marcus Margaret Maria Marie Mark Martin Mary Matthew Michael Michelle Mike Nancy Narendra
Nicholas Nicolas Olaf Oliver Olivia Patrick Paul Peter Philip Pierre Rachel Ralph Richard Rishi Robert Roger Ronald
Rose Ryan Sam Samuel Sarah Scott Sean Sebastian Sergio Simon Sophie Stephen Steve Steven Susan Thomas Tim Timothy Tom
Tony Ursula Victor Vincent William Xavier Antonio Mateo Luis Jose Juan Pedro Miguel Jorge Javier Manuel Francisco
Fernando Ricardo Lula Jair Gustavo Andres Nicolas Emmanuel Olaf Giorgia Mario Giuseppe Silvio Angela Friedrich Annalena
Vladimir Volodymyr Dmitri Sergei Sergey Alexei Alexey Aleksandr Alexandr Andrei Andrey Mikhail Nikolai Nikolay Yuri
Yury Igor Ivan Oleg Pavel Paval Viktor Yevgeny Evgeny Maria Natalia Olga Svetlana Tatiana Irina Anatoly Valery Ramzan
Kassym Kassym-Jomart Qasym-Zhomart Nursultan Murat Askar Shavkat Emomali Sadyr Ilham Nikol Serzh Recep Tayyip
Mevlut Hakan Mahmoud Mohammed Mohamed Ahmed Hassan Hussein Khalid Omar Osama Abdel Abdelaziz Salman Tamim Bashar
Ebrahim Ebrahim Ali Hossein Ismail Yahya Benjamin Benny Yair Naftali Isaac Yitzhak Ehud Moshe Xi Li Wang Zhang Liu
Chen Yang Zhao Huang Zhou Wu Jinping Qiang Hu Mao Deng Shinzo Yoshihide Fumio Shigeru Taro Yuki Hiroshi Kenji Moon
Yoon Suk Jae Park Kim Jong Un Anwar Mahathir Najib Muhyiddin Ismail Lee Hsien Loong Lawrence Rodrigo Ferdinand Bongbong
Sara Hun Manet Sen Prayut Srettha Paetongtarn Thaksin Min Aung Hlaing Suu Kyi Joko Jokowi Sheikh Hasina Imran Shehbaz
Nawaz Modi Rahul Sonia Anthony Scott Malcolm Jacinda Chris Justin Pierre Emmanuel Francois Nicolas Jacques Charles
Keir Rishi Theresa Tony Gordon Liz Boris Joe Kamala Donald Barack George Bill Ronald Hillary Mike Ron Nikki Vivek
""".split()


def countries() -> list[str]:
    loc_id, loc_en = Locale("id"), Locale("en")
    rows = []
    for c in pycountry.countries:
        a2, a3 = c.alpha_2, c.alpha_3
        name_id = loc_id.territories.get(a2, c.name)
        name_en = loc_en.territories.get(a2, c.name)
        names = [name_id, name_en, c.name, getattr(c, "common_name", ""), getattr(c, "official_name", "")]
        names += COUNTRY_EXTRA.get(a3, [])
        # CLDR short forms such as "Myanmar (Burma)" or "Kongo - Kinshasa": keep the head.
        cleaned: list[str] = []
        for n in names:
            if not n:
                continue
            n = n.replace("’", "'")
            base = n.split(" (")[0].split(",")[0].strip()
            for v in (n, base):
                if v and "(" not in v and v not in cleaned and v not in COUNTRY_STOP:
                    cleaned.append(v)
        preferred = COUNTRY_EXTRA.get(a3, [name_id])[0] if a3 in {"PSE", "GBR", "MMR", "BRN"} else name_id
        preferred = preferred.split(" (")[0]
        aliases = [n for n in cleaned if n != preferred]
        rows.append("\t".join([a3, a2, preferred, name_en.split(" (")[0], "|".join(aliases)]))
    for a3, name, extra in HISTORIC:
        rows.append("\t".join([a3, "", name, name, "|".join(extra)]))
    return sorted(rows)


def regions() -> list[str]:
    loc_id, loc_en = Locale("id"), Locale("en")
    rows = []
    for code, name in loc_id.territories.items():
        if code.isdigit() and name not in ("Dunia", "Amerika"):
            en = loc_en.territories.get(code, "")
            rows.append("\t".join([name, "", "region", en]))
    return rows


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    header = "# generated by scripts/build_gazetteers.py from pycountry + Babel CLDR + curated lists\n"
    (OUT / "nlp_countries.tsv").write_text(
        header + "# alpha3\talpha2\tname (id)\tname (en)\taliases\n" + "\n".join(countries()) + "\n", "utf-8"
    )
    places = ["\t".join([n, a3, "city", "|".join(al)]) for n, a3, al in PLACES]
    (OUT / "nlp_places.tsv").write_text(
        header + "# name\talpha3\tkind\taliases\n" + "\n".join(places + regions()) + "\n", "utf-8"
    )
    orgs = ["\t".join([n, a3, kind, "|".join(al)]) for n, al, a3, kind in ORGS]
    (OUT / "nlp_orgs.tsv").write_text(header + "# name\talpha3\tkind\taliases\n" + "\n".join(orgs) + "\n", "utf-8")
    media = ["\t".join([n, a3, "media", "|".join(al)]) for n, al, a3 in MEDIA]
    (OUT / "nlp_media.tsv").write_text(header + "# name\talpha3\tkind\taliases\n" + "\n".join(media) + "\n", "utf-8")
    names = sorted(set(GIVEN_NAMES))
    (OUT / "nlp_given_names.txt").write_text(header + "\n".join(names) + "\n", "utf-8")
    for f in sorted(OUT.glob("nlp_*.tsv")):
        print(f"{f.name}: {sum(1 for _ in f.open(encoding='utf-8')) - 2} rows", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
