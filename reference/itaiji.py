"""Variant kanji (itaiji) folded to one form before names are compared.

People type a name as they know it: 長﨑 for 長崎, 髙松 for 高松, 齋藤 or 齊藤 for 斉藤,
濵 or 濱 for 浜. Unicode gives each form its own code point (NFKC folds only the
compatibility ideographs), so the search folds the common variants here, on stored
names and on queries alike. Each entry maps a variant to the form the search keeps;
the forms kept are the everyday ones (常用漢字) where there is one.
"""

VARIANTS = {
    "﨑": "崎", "嵜": "崎", "碕": "崎",
    "髙": "高",
    "齋": "斉", "齊": "斉", "斎": "斉",
    "邊": "辺", "邉": "辺",
    "濵": "浜", "濱": "浜",
    "澤": "沢", "嶋": "島", "嶌": "島", "嶽": "岳",
    "德": "徳", "冨": "富", "峯": "峰", "槇": "槙", "桒": "桑",
    "廣": "広", "國": "国", "圓": "円", "櫻": "桜", "瀧": "滝", "眞": "真", "惠": "恵",
    "黑": "黒", "藏": "蔵", "壽": "寿", "實": "実", "淺": "浅", "關": "関", "靜": "静",
    "會": "会", "條": "条", "傳": "伝", "兒": "児", "彌": "弥", "萬": "万", "與": "与",
    "鐵": "鉄", "驛": "駅", "體": "体", "豐": "豊", "禮": "礼", "榮": "栄", "氣": "気",
    "澁": "渋", "繩": "縄", "寳": "宝", "寶": "宝", "戶": "戸", "鷗": "鴎", "檜": "桧",
    "亞": "亜", "學": "学", "縣": "県", "舘": "館", "邨": "村", "埜": "野", "龍": "竜",
    "曾": "曽", "淸": "清", "靑": "青", "舊": "旧", "來": "来", "澀": "渋",
    "髮": "髪", "莊": "荘", "藝": "芸", "聽": "聴", "營": "営", "爲": "為", "譽": "誉",
    "增": "増",
    "鄕": "郷", "嵓": "岩", "巖": "巌", "舩": "船", "籠": "篭", "鹽": "塩",
}  # fmt: skip
_TABLE = str.maketrans(VARIANTS)


def fold_variants(text: str) -> str:
    """``text`` with every known variant kanji written in the form the search keeps."""
    return text.translate(_TABLE)
