"""The field taxonomy shared by specialists, dispatch requests, trainees and host offers.

The booklet names administration, environmental protection, health, education,
tourism, agriculture and economic development; the rest are the fields local
governments work in and ask specialists for. Loaded with ``overwrite=False``
so that HQ's later edits to a name in the admin survive every load.
"""

from cooperation.models import Field
from reference.loading import Outcome, sync

# code, English, Japanese
FIELDS = [
    ("administration", "Local administration", "地方行政"),
    ("public-finance", "Public finance and taxation", "地方財政・税務"),
    ("civil-service", "Civil service and human resources", "人事・職員研修"),
    ("urban-planning", "Urban planning", "都市計画"),
    ("environmental-protection", "Environmental protection", "環境保全"),
    ("waste-management", "Waste management and recycling", "廃棄物処理・リサイクル"),
    ("water-supply", "Water supply", "上水道"),
    ("sewerage", "Sewerage and wastewater treatment", "下水道・排水処理"),
    ("disaster-management", "Disaster management", "防災・危機管理"),
    ("fire-service", "Fire and emergency services", "消防・救急"),
    ("health", "Public health", "保健衛生"),
    ("medical-care", "Medical care and hospitals", "医療・病院運営"),
    ("elderly-care", "Care for older people", "高齢者福祉・介護"),
    ("social-welfare", "Social welfare", "社会福祉"),
    ("child-care", "Child care and child welfare", "子育て支援・児童福祉"),
    ("education", "Education", "教育"),
    ("lifelong-learning", "Lifelong learning and libraries", "生涯学習・図書館"),
    ("culture-heritage", "Culture and heritage", "文化・文化財保護"),
    ("sports", "Sports promotion", "スポーツ振興"),
    ("tourism", "Tourism", "観光"),
    ("agriculture", "Agriculture", "農業"),
    ("forestry", "Forestry", "林業"),
    ("fisheries", "Fisheries", "水産業"),
    ("economic-development", "Economic development and industry promotion", "経済振興・産業振興"),
    ("sme-support", "Support for small businesses", "中小企業支援"),
    ("transport", "Public transport and roads", "公共交通・道路"),
    ("housing", "Housing", "住宅"),
    ("information-technology", "Information technology and e-government", "情報化・電子自治体"),
    ("community", "Community development and citizen participation", "地域づくり・住民参加"),
    ("international-exchange", "International exchange and multicultural policy", "国際交流・多文化共生"),
]  # fmt: skip


def load() -> list[Outcome]:
    rows = [
        Field(code=code, name=en, name_en=en, name_ja=ja, sort_order=index)
        for index, (code, en, ja) in enumerate(FIELDS, start=1)
    ]
    return [
        sync(
            Field,
            rows,
            key="code",
            fields=["name", "name_en", "name_ja", "sort_order"],
            overwrite=False,
        )
    ]
