"""Name material for invented demo producers: people, brands, villages and streets.

Everything here is made up for demonstration; only the communes (read from the Commune table)
are real places.
"""

from __future__ import annotations

# (family name, relative weight): the common northern midland surnames, Mường ones included.
FAMILY_NAMES: tuple[tuple[str, int], ...] = (
    ("Nguyễn", 30),
    ("Trần", 7),
    ("Lê", 7),
    ("Phạm", 5),
    ("Hoàng", 4),
    ("Vũ", 4),
    ("Đỗ", 3),
    ("Bùi", 4),
    ("Đặng", 3),
    ("Ngô", 2),
    ("Hà", 4),
    ("Đinh", 4),
    ("Phùng", 3),
    ("Kiều", 2),
    ("Tạ", 2),
    ("Dương", 2),
    ("Đào", 2),
    ("Lương", 2),
    ("Quách", 2),
    ("Bạch", 1),
    ("Cao", 2),
    ("Triệu", 1),
)

MALE_MIDDLE = ("Văn", "Đức", "Minh", "Quang", "Hữu", "Công", "Xuân", "Tiến", "Mạnh", "Ngọc")
FEMALE_MIDDLE = ("Thị", "Thu", "Ngọc", "Thanh", "Minh", "Hồng", "Kim", "Phương", "Bích", "Thúy")
MALE_GIVEN = (
    "Hùng", "Dũng", "Tuấn", "Thắng", "Sơn", "Hải", "Long", "Quân", "Tâm", "Toàn",
    "Cường", "Hòa", "Lực", "Bình", "Phong", "Thành", "Trung", "Hưng", "Khánh", "Nam",
    "Việt", "Tùng", "Đạt", "Kiên", "Lâm", "Thịnh", "Hiếu", "Huy", "Hoàn", "Chiến",
)  # fmt: skip
FEMALE_GIVEN = (
    "Hoa", "Lan", "Hương", "Hằng", "Mai", "Nga", "Thảo", "Yến", "Liên", "Huyền",
    "Trang", "Phượng", "Loan", "Dung", "Hạnh", "Thủy", "Vân", "Oanh", "Nhung", "Ngọc",
    "Hiền", "Linh", "Xuân", "Quyên", "Thơm", "Tuyết", "Lụa", "Hà", "Chinh", "My",
)  # fmt: skip

# Two syllables from here make an enterprise or cooperative brand ("Minh Khang", "Phúc Thịnh").
BRAND_SYLLABLES = (
    "An", "Phú", "Phúc", "Minh", "Tân", "Hưng", "Thành", "Bảo", "Gia", "Hoàng",
    "Kim", "Ngọc", "Quang", "Thiên", "Trường", "Việt", "Đại", "Đức", "Hải", "Hồng",
    "Lộc", "Nam", "Sơn", "Thái", "Thịnh", "Trung", "Vĩnh", "Xuân", "Hà", "Long",
    "Khang", "Hòa", "Đông", "Bình", "Lam", "Thanh", "Mạnh", "Tiến", "Yên", "Vạn",
)  # fmt: skip

# Brand phrases of their own, used now and then instead of two syllables.
BRAND_PHRASES = (
    "Đất Tổ", "Sông Lô", "Sông Thao", "Trung Du", "Đồng Xanh", "Nắng Vàng", "Làng Quê",
    "Núi Xanh", "Mây Trắng", "Đồi Cọ", "Bến Gót", "Ngã Ba Hạc", "Đồng Quê", "Xanh Việt",
)  # fmt: skip

# Hamlet names; a street address reads "Thôn Đồng Giao", "Xóm Gò Cao" or "Khu 5".
VILLAGES = (
    "Đồng Giao", "Gò Cao", "Bãi Mơ", "Đồng Bụt", "Khe Thắm", "Gò Mít", "Bến Đình", "Đồng Sậu",
    "Đồng Phai", "Dộc Vừng", "Gò Chè", "Đồng Lão", "Đồng Cả", "Đồng Trằm", "Gò Găng",
    "Đồng Chằm", "Cầu Trắng", "Gò Sim", "Đồng Mè", "Bãi Bằng", "Đồi Thông", "Khe Mạ",
    "Suối Cát", "Đồng Bông", "Gò Dẻ", "Bến Gạo", "Đồng Nội", "Hang Dơi", "Đá Trắng", "Cây Đa",
)  # fmt: skip

STREETS = (
    "Hùng Vương", "Trần Phú", "Nguyễn Tất Thành", "Châu Phong", "Hòa Phong", "Lê Quý Đôn",
    "Nguyễn Du", "Hai Bà Trưng", "Lý Thường Kiệt", "Kim Đồng", "Tân Việt", "Trưng Nhị",
    "Nguyễn Trãi", "Lê Lợi", "Quang Trung", "Hàn Thuyên", "Mê Linh", "Nguyễn Văn Linh",
)  # fmt: skip
