"""Seed data: the category tree (OCOP sectors and groups, rural-industry groups) and units.

The six OCOP sectors and their groups follow the product classification annexed to Decision
148/QD-TTg (2023). Administrators edit the tree in the admin; this is only the starting point.
Each entry: (slug, Vietnamese name, English name, children).
"""

from __future__ import annotations

Node = tuple[str, str, str, list["Node"]]

OCOP_TREE: list[Node] = [
    (
        "thuc-pham",
        "Thực phẩm",
        "Food",
        [
            (
                "thuc-pham-tuoi-song",
                "Thực phẩm tươi sống",
                "Fresh food",
                [
                    (
                        "rau-cu-qua-hat-tuoi",
                        "Rau, củ, quả, hạt tươi",
                        "Fresh vegetables, fruit and nuts",
                        [],
                    ),
                    (
                        "thit-trung-sua-tuoi",
                        "Thịt, trứng, sữa tươi",
                        "Fresh meat, eggs and milk",
                        [],
                    ),
                    ("thuy-san-tuoi", "Thủy sản tươi", "Fresh aquatic products", []),
                ],
            ),
            (
                "thuc-pham-so-che",
                "Thực phẩm thô, sơ chế",
                "Raw and semi-processed food",
                [
                    ("gao-ngu-coc", "Gạo, ngũ cốc", "Rice and cereals", []),
                    (
                        "mat-ong-san-pham-tu-mat-ong",
                        "Mật ong, sản phẩm từ mật ong",
                        "Honey and honey products",
                        [],
                    ),
                    ("rau-cu-qua-so-che", "Rau, củ, quả, hạt sơ chế", "Semi-processed produce", []),
                ],
            ),
            (
                "thuc-pham-che-bien",
                "Thực phẩm chế biến",
                "Processed food",
                [
                    (
                        "che-bien-tu-gao-ngu-coc",
                        "Chế biến từ gạo, ngũ cốc",
                        "Made from rice and cereals",
                        [],
                    ),
                    (
                        "che-bien-tu-rau-cu-qua",
                        "Chế biến từ rau, củ, quả, hạt",
                        "Made from produce",
                        [],
                    ),
                    (
                        "che-bien-tu-thit-trung-sua",
                        "Chế biến từ thịt, trứng, sữa",
                        "Made from meat, eggs, milk",
                        [],
                    ),
                    (
                        "che-bien-tu-thuy-san",
                        "Chế biến từ thủy sản",
                        "Made from aquatic products",
                        [],
                    ),
                ],
            ),
            (
                "gia-vi",
                "Gia vị",
                "Condiments",
                [
                    (
                        "tuong-nuoc-mam-gia-vi-long",
                        "Tương, nước mắm, gia vị dạng lỏng",
                        "Sauces and liquid condiments",
                        [],
                    ),
                    ("gia-vi-kho", "Gia vị khô", "Dry spices", []),
                ],
            ),
            (
                "che",
                "Chè",
                "Tea",
                [
                    ("che-tuoi-che-bien", "Chè tươi, chè chế biến", "Fresh and processed tea", []),
                    ("tra-tui-loc-tra-hoa", "Trà túi lọc, trà hoa", "Tea bags and flower tea", []),
                ],
            ),
            ("ca-phe-ca-cao", "Cà phê, ca cao", "Coffee and cocoa", []),
        ],
    ),
    (
        "do-uong",
        "Đồ uống",
        "Beverages",
        [
            (
                "do-uong-co-con",
                "Đồ uống có cồn",
                "Alcoholic beverages",
                [
                    ("ruou-trang", "Rượu trắng", "White spirits", []),
                    (
                        "ruou-vang-bia-do-uong-len-men",
                        "Rượu vang, bia, đồ uống lên men",
                        "Wine, beer, fermented drinks",
                        [],
                    ),
                ],
            ),
            (
                "do-uong-khong-con",
                "Đồ uống không cồn",
                "Non-alcoholic beverages",
                [
                    ("nuoc-uong-nuoc-ep", "Nước uống, nước ép", "Drinking water and juices", []),
                    (
                        "bot-hoa-tan",
                        "Bột hòa tan, đồ uống khác",
                        "Instant powders and other drinks",
                        [],
                    ),
                ],
            ),
        ],
    ),
    (
        "duoc-lieu",
        "Dược liệu và sản phẩm từ dược liệu",
        "Medicinal herbs and herbal products",
        [
            (
                "thuc-pham-chuc-nang",
                "Thực phẩm chức năng, thuốc từ dược liệu",
                "Supplements and herbal medicine",
                [],
            ),
            ("my-pham-tu-duoc-lieu", "Mỹ phẩm từ thảo dược", "Herbal cosmetics", []),
            (
                "tinh-dau-duoc-lieu-kho",
                "Tinh dầu, dược liệu khô, trà dược liệu",
                "Essential oils, dried herbs, herbal tea",
                [],
            ),
        ],
    ),
    (
        "thu-cong-my-nghe",
        "Thủ công mỹ nghệ",
        "Handicrafts",
        [
            ("do-thu-cong-my-nghe", "Thủ công mỹ nghệ, trang trí", "Decorative handicrafts", []),
            ("do-gia-dung", "Đồ gia dụng", "Household goods", []),
            ("vai-may-mac", "Vải, may mặc", "Textiles and garments", []),
        ],
    ),
    (
        "sinh-vat-canh",
        "Sinh vật cảnh",
        "Ornamental plants and animals",
        [
            ("hoa", "Hoa", "Flowers", []),
            ("cay-canh", "Cây cảnh", "Ornamental plants", []),
            ("dong-vat-canh", "Động vật cảnh", "Ornamental animals", []),
        ],
    ),
    (
        "du-lich",
        "Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch",
        "Community and eco-tourism services, tourist sites",
        [
            ("du-lich-cong-dong", "Du lịch cộng đồng, sinh thái", "Community and eco-tourism", []),
            ("diem-du-lich", "Điểm du lịch", "Tourist sites", []),
        ],
    ),
]

RURAL_INDUSTRY_TREE: list[Node] = [
    (
        "cong-nghiep-nong-thon",
        "Sản phẩm công nghiệp nông thôn",
        "Rural-industry products",
        [
            ("cnnt-thu-cong-my-nghe", "Thủ công mỹ nghệ", "Handicrafts", []),
            (
                "cnnt-che-bien-nong-lam-thuy-san",
                "Chế biến nông, lâm, thủy sản",
                "Processed agricultural, forestry and aquatic food",
                [],
            ),
            (
                "cnnt-thiet-bi-may-moc",
                "Thiết bị, dụng cụ, máy móc cơ khí",
                "Machinery, tools and mechanical parts",
                [],
            ),
            ("cnnt-san-pham-khac", "Sản phẩm khác", "Other products", []),
        ],
    ),
]

UNITS: list[tuple[str, str, str]] = [
    ("kg", "kg", "kg"),
    ("g", "gam", "gram"),
    ("tan", "tấn", "tonne"),
    ("lit", "lít", "litre"),
    ("hop", "hộp", "box"),
    ("chai", "chai", "bottle"),
    ("goi", "gói", "pack"),
    ("tui", "túi", "bag"),
    ("lo", "lọ", "jar"),
    ("hu", "hũ", "pot"),
    ("qua", "quả", "piece of fruit"),
    ("cai", "cái", "item"),
    ("chiec", "chiếc", "piece"),
    ("bo", "bộ", "set"),
    ("thung", "thùng", "carton"),
    ("bo-hoa", "bó", "bunch"),
    ("chau", "chậu", "pot plant"),
    ("con", "con", "head (animal)"),
    ("ve", "vé", "ticket"),
    ("suat", "suất", "tour place"),
]


def seed_categories(category_model: type, kind: str, tree: list[Node]) -> None:
    """Insert a tree idempotently (by slug). Works with migration models (no services)."""

    def walk(nodes: list[Node], parent: object | None, path: str, depth: int) -> None:
        for position, (slug, name, name_en, children) in enumerate(nodes):
            node_path = f"{path}{slug}/"
            node, _created = category_model._default_manager.update_or_create(  # type: ignore[attr-defined]
                slug=slug,
                defaults={
                    "name": name,
                    "name_en": name_en,
                    "parent": parent,
                    "path": node_path,
                    "depth": depth,
                    "position": position,
                    "kind": kind,
                },
            )
            walk(children, node, node_path, depth + 1)

    walk(tree, None, "", 0)


def seed_units(unit_model: type) -> None:
    for code, name, name_en in UNITS:
        unit_model._default_manager.update_or_create(  # type: ignore[attr-defined]
            code=code, defaults={"name": name, "name_en": name_en}
        )
