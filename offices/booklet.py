"""CLAIR's offices exactly as the CLAIR booklet gives them.

Two scanning errors of the booklet are mended ("Condon" is London, "OSydney"
is Sydney); Sydney's e-mail and web addresses are kept as printed. The
booklet gives no contact details for New York: they stay empty for HQ to
fill in. Phone numbers are written as the booklet prints them and stored in
E.164.
"""

HEADQUARTERS = {
    "code": "tokyo",
    "kind": "hq",
    "name": ("Tokyo Headquarters", "東京本部"),
    "local_name": (
        "Council of Local Authorities for International Relations (CLAIR)",
        "一般財団法人自治体国際化協会（クレア）",
    ),
    "city": ("Tokyo", "東京"),
    "country": "JP",
    "timezone": "Asia/Tokyo",
    "address": (
        "Sogo Hanzomon Building, 1-7 Kojimachi, Chiyoda-ku, Tokyo 102-0083, Japan",
        "〒102-0083 東京都千代田区麹町1-7 相互半蔵門ビル",
    ),
    "access": (
        "Hanzomon Line: 1 min. walk from Exit 1 of Hanzomon Station.\n"
        "Yurakucho Line: 8 min. walk from Exit 1 of Kojimachi Station.",
        "半蔵門線：半蔵門駅1番出口から徒歩1分\n有楽町線：麹町駅1番出口から徒歩8分",
    ),
    "phone": "",
    "fax": "",
    "email": "",
    # As the booklet prints it, beside the address.
    "website": "http://www.clair.or.jp/e/index.html",
    "countries": [],
}

DEPARTMENTS = [
    # code, English, Japanese, tel, fax
    ("general-affairs", "General Affairs", "総務部", "03-5213-1730", "03-5213-1741"),
    (
        "exchange-cooperation",
        "International Exchange, Cooperation and Economic Relations",
        "国際交流・国際協力・経済交流部",
        "03-5213-1731",
        "03-5213-1742",
    ),
    (
        "multiculturalism",
        "Multiculturalism Promotion",
        "多文化共生部",
        "03-5213-1732",
        "03-5213-1742",
    ),
    (
        "jet-management",
        "JET Programme Management",
        "JETプログラム事業部",
        "03-5213-1733",
        "03-5213-1743",
    ),
]

# The booklet names the divisions without saying which department each
# belongs to; HQ assigns them in the admin.
DIVISIONS = [
    ("planning-coordination", "Planning and Coordination Division", "企画調整課"),
    ("guidance-counselling", "Guidance and Counselling Division (JET)", "指導相談課（JET）"),
    ("planning-research", "Planning and Research Division", "企画調査課"),
    ("international-exchange", "International Exchange Division", "国際交流課"),
    (
        "cooperation-economic",
        "International Cooperation and Economic Relations Division",
        "国際協力・経済交流課",
    ),
    ("multiculturalism-promotion", "Multiculturalism Promotion Division", "多文化共生課"),
]

OVERSEAS = [
    {
        "code": "london",
        "name": ("London Office", "ロンドン事務所"),
        "local_name": ("Japan Local Government Centre (CLAIR, London)", ""),
        "city": ("London", "ロンドン"),
        "country": "GB",
        "timezone": "Europe/London",
        "address": ("15 Whitehall, London SW1A 2DD, U.K.", ""),
        "phone": "44-20-7839-8500",
        "fax": "44-20-7839-8191",
        "email": "mailbox@jlgc.org.uk",
        "website": "http://www.jlgc.org.uk",
    },
    {
        "code": "singapore",
        "name": ("Singapore Office", "シンガポール事務所"),
        "local_name": (
            "The Japan Council of Local Authorities for International Relations, Singapore",
            "",
        ),
        "city": ("Singapore", "シンガポール"),
        "country": "SG",
        "timezone": "Asia/Singapore",
        "address": ("6 Battery Road, #31-02, Singapore 049909", ""),
        "phone": "65-6224-7927",
        "fax": "65-6224-8376",
        "email": "info@clair.org.sg",
        "website": "http://www.clair.org.sg",
    },
    {
        "code": "sydney",
        "name": ("Sydney Office", "シドニー事務所"),
        "local_name": ("Japan Local Government Centre (CLAIR, Sydney)", ""),
        "city": ("Sydney", "シドニー"),
        "country": "AU",
        "timezone": "Australia/Sydney",
        "address": ("Level 42, Gateway, 1 Macquarie Place, Sydney NSW 2000, Australia", ""),
        "phone": "61-2-9241-5033",
        "fax": "61-2-9241-5014",
        "email": "mailbox@ilgc.org.au",
        "website": "http://www.ilgc.org.au",
    },
    {
        "code": "paris",
        "name": ("Paris Office", "パリ事務所"),
        "local_name": ("Centre Japonais des Collectivités Locales (CLAIR, Paris)", ""),
        "city": ("Paris", "パリ"),
        "country": "FR",
        "timezone": "Europe/Paris",
        "address": ("3, rue Scribe, 75009 Paris, France", ""),
        "phone": "33-1-40-20-09-74",
        "fax": "33-1-40-20-02-12",
        "email": "clairpar@netntt.fr",
        "website": "http://www.clairparis.org",
    },
    {
        "code": "seoul",
        "name": ("Seoul Office", "ソウル事務所"),
        "local_name": ("CLAIR Seoul", ""),
        "city": ("Seoul", "ソウル"),
        "country": "KR",
        "timezone": "Asia/Seoul",
        "address": ("17th Floor Kyobo Bldg., 1,1-ga, Jongno, Jongno-gu, Seoul 110-714, Korea", ""),
        "phone": "82-2-733-5681",
        "fax": "82-2-732-8873",
        "email": "info@clair.or.kr",
        "website": "http://www.clair.or.kr",
    },
    {
        "code": "beijing",
        "name": ("Beijing Office", "北京事務所"),
        "local_name": ("CLAIR Beijing", ""),
        "city": ("Beijing", "北京"),
        "country": "CN",
        "timezone": "Asia/Shanghai",
        "address": (
            "Chang Fu Gong Office Bldg. 5F, Jia-26 Jian Guo Men Wai St., "
            "Chao Yang District, 100022 Beijing, China",
            "",
        ),
        "phone": "86-10-6513-8790",
        "fax": "86-10-6513-8795",
        "email": "clairbj-jp@clair.org.cn",
        "website": "",
    },
    {
        "code": "new-york",
        "name": ("New York Office", "ニューヨーク事務所"),
        "local_name": ("", ""),
        "city": ("New York", "ニューヨーク"),
        "country": "US",
        "timezone": "America/New_York",
        "address": ("", ""),
        "phone": "",
        "fax": "",
        "email": "",
        "website": "",
    },
]
