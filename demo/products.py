"""Product material for the demo province: product lines, producer themes, flagship products.

A *line* is a family of products sold the same way (one leaf category, a set of pack sizes with
price ranges, attribute options and sentences for the description). A *theme* is what kind of
producer a storefront is (tea cooperative, honey household, bamboo workshop...): which lines it
sells, how its name reads and where in the province such producers usually are.

Flagships are the province's well-known products, placed by hand with their OCOP stars. All
sentences are written for this demo; producers and their details are invented.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Pack:
    """One way a line is sold: the label appended to the name, its unit and price range."""

    label: str
    unit: str
    low: int
    high: int
    moq: int = 1
    attrs: tuple[tuple[str, str], ...] = ()
    on_request: float = 0.0  # probability that the price is "on request"


def pack(
    label: str,
    unit: str,
    low: int,
    high: int,
    *,
    moq: int = 1,
    w: str = "",
    v: str = "",
    q: str = "",
    on_request: float = 0.0,
) -> Pack:
    """Shorthand: w = net weight, v = volume, q = packing (quy cách)."""
    attrs = tuple(
        (key, value)
        for key, value in (("Khối lượng", w), ("Dung tích", v), ("Quy cách", q))
        if value
    )
    return Pack(label, unit, low, high, moq, attrs, on_request)


@dataclass(frozen=True)
class Line:
    category: str  # leaf Category slug from catalog.seed
    stems: tuple[str, ...]
    packs: tuple[Pack, ...]
    about: tuple[str, ...]  # description sentences; {stem} and {place} are filled in
    attrs: tuple[tuple[str, tuple[str, ...]], ...] = ()  # attribute name, value options
    grades: tuple[str, ...] = ("",)
    availability: tuple[str, ...] = ("in_stock",)  # drawn uniformly; repeat to weight
    gtin: float = 0.45  # share of packaged products that carry a GS1 barcode
    place: bool = True  # append the commune's name ("Chè xanh Thanh Ba")
    service: bool = False  # a tourism service, not goods

    def stem_packs(self, stem: str) -> tuple[str, tuple[Pack, ...]]:
        """A stem may name the packs it is sold in: "Rổ tre@3" sells only in pack 3."""
        name, _, indexes = stem.partition("@")
        if not indexes:
            return name, self.packs
        return name, tuple(self.packs[int(i)] for i in indexes.split(","))


KEEP_DRY = "Nơi khô ráo, thoáng mát, tránh ánh nắng trực tiếp"
KEEP_COLD = "Ngăn mát tủ lạnh 0–4 °C"
STANDARD = ("Tiêu chuẩn", ("TCCS", "VietGAP", "TCCS, HACCP", "Hữu cơ (PGS)"))

LINES: dict[str, Line] = {
    # --- tea ---------------------------------------------------------------------------------
    "che-kho": Line(
        "che-tuoi-che-bien",
        (
            "Chè búp khô",
            "Chè xanh",
            "Chè móc câu",
            "Chè nõn tôm",
            "Chè xanh sao suốt",
            "Chè shan tuyết",
            "Chè búp sao tay",
        ),
        (
            pack("gói 100 g", "goi", 30_000, 60_000, w="100 g"),
            pack("hộp 200 g", "hop", 70_000, 150_000, w="200 g"),
            pack("túi 500 g", "tui", 120_000, 260_000, w="500 g"),
            pack("túi 1 kg", "kg", 200_000, 450_000, moq=2, w="1 kg"),
        ),
        (
            "Búp chè hái một tôm hai lá buổi sáng, sao lăn trên chảo gang theo cách truyền thống.",
            "Nước chè xanh sánh, hương cốm, vị chát dịu và hậu ngọt lâu.",
            "Đồi chè ở {place} được chăm sóc theo quy trình VietGAP, hạn chế phân bón hóa học.",
            "Mỗi mẻ chè được sàng bỏ cẫng và vụn trước khi đóng gói hút chân không.",
            "Chè hợp pha ấm nhỏ với nước khoảng 85 °C, tráng trà nhanh trước khi hãm.",
        ),
        (("Hạn sử dụng", ("12 tháng", "18 tháng")), ("Bảo quản", (KEEP_DRY,)), STANDARD),
        grades=("", "", "loại đặc biệt", "loại 1", "hữu cơ"),
    ),
    "hong-tra": Line(
        "che-tuoi-che-bien",
        ("Hồng trà", "Chè đen", "Trà ô long", "Chè búp tím", "Bạch trà"),
        (
            pack("hộp 100 g", "hop", 90_000, 220_000, w="100 g"),
            pack("hộp 250 g", "hop", 180_000, 420_000, w="250 g"),
            pack("túi 1 kg", "kg", 350_000, 900_000, moq=2, w="1 kg"),
        ),
        (
            "Lá chè được làm héo, vò và lên men có kiểm soát nên nước có màu đỏ nâu, vị ngọt đằm.",
            "Nguyên liệu là búp chè trung du trồng trên đất đồi {place}.",
            "Có thể pha nóng, pha lạnh hoặc dùng làm nền cho trà sữa, trà trái cây.",
            "Sản phẩm được đóng hộp giấy kraft có lớp túi bạc giữ hương.",
        ),
        (("Hạn sử dụng", ("18 tháng", "24 tháng")), ("Bảo quản", (KEEP_DRY,))),
        grades=("", "", "thượng hạng", "loại 1"),
    ),
    "tra-tui-loc": Line(
        "tra-tui-loc-tra-hoa",
        (
            "Trà túi lọc chè xanh",
            "Trà túi lọc hoa cúc",
            "Trà túi lọc gừng",
            "Trà túi lọc lá sen",
            "Trà túi lọc chè đen",
            "Trà túi lọc atiso",
        ),
        (
            pack("hộp 25 túi", "hop", 35_000, 70_000, q="25 túi × 2 g"),
            pack("hộp 50 túi", "hop", 60_000, 120_000, q="50 túi × 2 g"),
            pack(
                "thùng 40 hộp", "thung", 1_300_000, 2_600_000, q="40 hộp × 25 túi", on_request=0.3
            ),
        ),
        (
            "Mỗi túi lọc 2 g, pha trong cốc nước sôi khoảng ba phút là dùng được.",
            "Nguyên liệu sấy lạnh, nghiền vừa cỡ để nước trong và không đọng cặn.",
            "Tiện dùng ở văn phòng, khách sạn và làm quà tặng.",
        ),
        (("Hạn sử dụng", ("18 tháng", "24 tháng")),),
        gtin=0.7,
    ),
    "tra-hoa": Line(
        "tra-tui-loc-tra-hoa",
        ("Trà hoa nhài", "Trà ướp sen", "Trà hoa bưởi", "Trà nụ vối", "Trà hoa cúc vàng"),
        (
            pack("hộp 100 g", "hop", 80_000, 220_000, w="100 g"),
            pack("hộp quà 200 g", "hop", 180_000, 450_000, w="200 g"),
        ),
        (
            "Chè xanh được ướp với hoa tươi nhiều lần cho đến khi ngấm hương.",
            "Hoa được hái lúc vừa nở, sấy nhẹ để giữ màu và mùi thơm.",
            "Hộp quà có túi giấy đi kèm, thích hợp biếu tặng dịp lễ Tết.",
        ),
        (("Hạn sử dụng", ("12 tháng",)), ("Bảo quản", (KEEP_DRY,))),
    ),
    # --- rice and rice products --------------------------------------------------------------
    "gao": Line(
        "gao-ngu-coc",
        (
            "Gạo Khang Dân",
            "Gạo nếp cái hoa vàng",
            "Gạo bao thai",
            "Gạo nếp cẩm",
            "Gạo lứt đỏ",
            "Gạo nếp nương",
            "Gạo thơm",
            "Gạo tám xoan",
        ),
        (
            pack("túi 2 kg", "tui", 40_000, 80_000, w="2 kg"),
            pack("túi 5 kg", "tui", 90_000, 190_000, w="5 kg"),
            pack("bao 25 kg", "tui", 380_000, 750_000, moq=4, w="25 kg"),
            pack("theo tấn", "tan", 12_000_000, 22_000_000, on_request=0.5),
        ),
        (
            "Lúa trồng trên ruộng phù sa ở {place}, thu hoạch đúng độ chín, phơi khô tự nhiên.",
            "Gạo xay mới theo đơn, không đánh bóng, không pha trộn.",
            "Cơm dẻo vừa, để nguội không bị cứng.",
            "Đóng túi PA hút chân không, có nhãn ghi ngày xay.",
        ),
        (("Vụ", ("Vụ xuân", "Vụ mùa")), ("Hạn sử dụng", ("6 tháng", "12 tháng")), STANDARD),
        gtin=0.35,
    ),
    "mi-gao": Line(
        "che-bien-tu-gao-ngu-coc",
        (
            "Mì gạo",
            "Mì gạo lứt",
            "Bún khô",
            "Phở khô",
            "Bánh đa nem",
            "Miến dong",
            "Bánh đa đỏ",
            "Mì gạo nghệ",
        ),
        (
            pack("gói 500 g", "goi", 22_000, 45_000, w="500 g"),
            pack("túi 1 kg", "tui", 40_000, 80_000, w="1 kg"),
            pack("thùng 10 kg", "thung", 380_000, 700_000, w="10 kg"),
        ),
        (
            "Gạo được ngâm, xay bột nước rồi tráng mỏng, phơi trên phên nứa dưới nắng.",
            "Sợi dai, không bở khi nấu, không dùng chất tẩy trắng hay chất bảo quản.",
            "Dùng nấu món xào, món nước hoặc ăn kèm lẩu.",
            "Làng nghề ở {place} vẫn giữ cách làm thủ công qua nhiều thế hệ.",
        ),
        (
            ("Hạn sử dụng", ("6 tháng", "12 tháng")),
            ("Thành phần", ("Gạo, nước", "Gạo, nước, muối")),
        ),
        gtin=0.55,
    ),
    "banh-tuoi": Line(
        "che-bien-tu-gao-ngu-coc",
        (
            "Bánh chưng@1,2",
            "Bánh tai@0,2",
            "Bánh răng bừa@0,2",
            "Bánh gio@0,2",
            "Bánh nẳng@0,2",
            "Bánh dày@0,2",
            "Bánh chưng gấc@1,2",
            "Bánh chưng đen@1,2",
        ),
        (
            pack("túi 10 chiếc", "tui", 40_000, 90_000, q="10 chiếc"),
            pack("chiếc 1 kg", "chiec", 60_000, 120_000, w="1 kg"),
            pack("hộp 5 chiếc", "hop", 150_000, 350_000, q="5 chiếc"),
        ),
        (
            "Bánh gói bằng lá dong, lá chuối rừng và luộc trong nồi lớn nhiều giờ.",
            "Nhân đỗ xanh, thịt ba chỉ và hạt tiêu được chuẩn bị ngay trong ngày.",
            "Bánh làm theo đơn đặt trước, giao trong ngày ở khu vực {place} và lân cận.",
        ),
        (("Hạn sử dụng", ("3 ngày", "5 ngày")), ("Bảo quản", ("Nơi thoáng mát", KEEP_COLD))),
        availability=("preorder", "preorder", "in_stock"),
        gtin=0.0,
    ),
    "banh-kho": Line(
        "che-bien-tu-gao-ngu-coc",
        ("Bánh gạo lứt", "Bỏng gạo", "Cốm", "Bánh đa vừng", "Bánh gạo nếp rang", "Ngũ cốc rang"),
        (
            pack("túi 200 g", "tui", 20_000, 45_000, w="200 g"),
            pack("hộp 500 g", "hop", 55_000, 110_000, w="500 g"),
        ),
        (
            "Nguyên liệu rang trên chảo gang cho giòn, không dùng dầu chiên lại.",
            "Vị ngọt nhẹ từ mật mía, hợp ăn sáng hoặc làm quà cho trẻ.",
            "Đóng túi zip giữ giòn sau khi mở.",
        ),
        (("Hạn sử dụng", ("3 tháng", "6 tháng")),),
        gtin=0.6,
    ),
    # --- honey -------------------------------------------------------------------------------
    "mat-ong": Line(
        "mat-ong-san-pham-tu-mat-ong",
        (
            "Mật ong hoa nhãn",
            "Mật ong hoa vải",
            "Mật ong rừng",
            "Mật ong hoa keo",
            "Mật ong hoa bạch đàn",
            "Mật ong hoa bưởi",
            "Mật ong hoa cà phê",
            "Mật ong hoa táo",
        ),
        (
            pack("chai 350 ml", "chai", 90_000, 170_000, v="350 ml"),
            pack("chai 500 ml", "chai", 130_000, 260_000, v="500 ml"),
            pack("lọ 1 lít", "lo", 240_000, 480_000, v="1 lít"),
            pack("can 5 lít", "lit", 200_000, 380_000, moq=5, v="5 lít"),
        ),
        (
            "Đàn ong đặt ven rừng và vườn cây ăn quả ở {place}, chỉ quay mật khi mật đã vít nắp.",
            "Mật sánh, màu hổ phách, có thể kết tinh khi trời lạnh mà không ảnh hưởng chất lượng.",
            "Không pha đường, không cô đặc bằng nhiệt.",
            "Mỗi lô mật được đo độ ẩm trước khi đóng chai thủy tinh.",
        ),
        (("Độ ẩm", ("≤ 20%", "≤ 21%")), ("Hạn sử dụng", ("24 tháng",)), ("Bảo quản", (KEEP_DRY,))),
        gtin=0.5,
    ),
    "ong-khac": Line(
        "mat-ong-san-pham-tu-mat-ong",
        (
            "Sữa ong chúa",
            "Phấn hoa",
            "Mật ong ngâm nghệ",
            "Sáp ong",
            "Mật ong ngâm chanh đào",
            "Mật ong ngâm gừng",
        ),
        (
            pack("hũ 100 g", "hu", 80_000, 220_000, w="100 g"),
            pack("lọ 250 g", "lo", 120_000, 320_000, w="250 g"),
            pack("lọ 500 g", "lo", 200_000, 500_000, w="500 g"),
        ),
        (
            "Nguyên liệu lấy từ trại ong của chính cơ sở, sơ chế và đóng lọ trong ngày.",
            "Sản phẩm bảo quản lạnh để giữ mùi thơm tự nhiên.",
            "Phù hợp dùng hằng ngày hoặc pha nước ấm buổi sáng.",
        ),
        (("Hạn sử dụng", ("6 tháng", "12 tháng")), ("Bảo quản", (KEEP_COLD, KEEP_DRY))),
    ),
    # --- fruit and vegetables ----------------------------------------------------------------
    "buoi": Line(
        "rau-cu-qua-hat-tuoi",
        ("Bưởi Sửu", "Bưởi Bằng Luân", "Bưởi Diễn", "Bưởi đường", "Bưởi đào"),
        (
            pack("theo quả", "qua", 30_000, 80_000, q="Quả 0,9–1,3 kg"),
            pack("thùng 10 quả", "thung", 300_000, 750_000, q="10 quả"),
            pack("theo tấn", "tan", 15_000_000, 30_000_000, on_request=0.6),
        ),
        (
            "Bưởi được bao trái từ khi còn nhỏ, chỉ hái khi vỏ đã chuyển màu vàng xanh.",
            "Tép bưởi giòn, ráo nước, vị ngọt thanh và có chút the nhẹ.",
            "Vườn bưởi ven sông ở {place} được bón phân hữu cơ ủ hoai.",
            "Quả để nơi thoáng mát được hai đến ba tháng mà vẫn giữ vị.",
        ),
        (("Mùa vụ", ("Tháng 9 – tháng 1", "Tháng 10 – tháng 2")), STANDARD),
        grades=("", "", "loại 1", "quà Tết"),
        availability=("seasonal", "seasonal", "in_stock"),
        gtin=0.0,
    ),
    "cam": Line(
        "rau-cu-qua-hat-tuoi",
        ("Cam canh", "Cam lòng vàng", "Cam đường canh", "Quýt ngọt", "Chanh đào", "Cam Vinh lai"),
        (
            pack("túi 3 kg", "tui", 60_000, 150_000, w="3 kg"),
            pack("thùng 10 kg", "thung", 200_000, 450_000, w="10 kg"),
            pack("theo kg", "kg", 20_000, 45_000, moq=5),
        ),
        (
            "Quả được hái khi chín cây nên vỏ mỏng, nhiều nước, vị ngọt đậm.",
            "Vườn cam trên đất đồi {place} áp dụng quy trình VietGAP.",
            "Đóng thùng carton có lỗ thoáng khí, giao trong ngày hái.",
        ),
        (("Mùa vụ", ("Tháng 11 – tháng 3", "Tháng 10 – tháng 2")),),
        availability=("seasonal", "seasonal", "in_stock"),
        gtin=0.0,
    ),
    "qua-khac": Line(
        "rau-cu-qua-hat-tuoi",
        (
            "Hồng không hạt",
            "Hồng giòn",
            "Nhãn lồng",
            "Na dai",
            "Ổi găng",
            "Thanh long ruột đỏ",
            "Chuối tiêu hồng",
            "Dưa hấu",
            "Mít Thái",
            "Vải chín sớm",
            "Hồng xiêm",
        ),
        (
            pack("theo kg", "kg", 18_000, 70_000, moq=2),
            pack("thùng 5 kg", "thung", 100_000, 320_000, w="5 kg"),
            pack("theo tấn", "tan", 10_000_000, 35_000_000, on_request=0.6),
        ),
        (
            "Quả hái đúng độ chín, phân loại theo cỡ trước khi đóng thùng.",
            "Vườn ở {place} không dùng chất kích thích chín.",
            "Nhận đơn cho cửa hàng hoa quả, bếp ăn và thương lái theo mùa.",
        ),
        (("Mùa vụ", ("Tháng 6 – tháng 8", "Tháng 8 – tháng 10", "Quanh năm")),),
        availability=("seasonal", "seasonal", "in_stock"),
        gtin=0.0,
    ),
    "rau": Line(
        "rau-cu-qua-hat-tuoi",
        (
            "Su su",
            "Khoai sọ",
            "Khoai lang",
            "Bí xanh",
            "Rau cải mầm",
            "Dưa chuột",
            "Cà chua bi",
            "Nấm sò",
            "Măng tươi",
            "Ngô nếp",
            "Rau ngót rừng",
            "Bí đỏ",
        ),
        (
            pack("theo kg", "kg", 12_000, 45_000, moq=2),
            pack("túi 2 kg", "tui", 25_000, 80_000, w="2 kg"),
            pack("theo tấn", "tan", 6_000_000, 20_000_000, on_request=0.7),
        ),
        (
            "Rau trồng trên đất bãi {place}, tưới nước giếng khoan, cách ly với khu dân cư.",
            "Thu hoạch buổi sáng, sơ chế và giao ngay trong ngày.",
            "Có nhật ký canh tác cho từng luống, khách có thể đến thăm vườn.",
        ),
        (("Tiêu chuẩn", ("VietGAP", "Hữu cơ (PGS)", "An toàn")),),
        availability=("in_stock", "in_stock", "seasonal"),
        gtin=0.0,
    ),
    "so-che": Line(
        "rau-cu-qua-so-che",
        (
            "Măng khô",
            "Mộc nhĩ",
            "Nấm hương khô",
            "Lạc nhân",
            "Đỗ xanh tách vỏ",
            "Vừng đen",
            "Măng nứa khô",
            "Lạc đỏ",
        ),
        (
            pack("gói 200 g", "goi", 35_000, 90_000, w="200 g"),
            pack("túi 500 g", "tui", 70_000, 200_000, w="500 g"),
            pack("theo kg", "kg", 120_000, 380_000, moq=2),
        ),
        (
            "Nguyên liệu thu mua từ bà con trong vùng {place}, phơi và sấy khô ngay sau thu hoạch.",
            "Được nhặt sạch tạp chất, phân loại bằng tay trước khi đóng gói.",
            "Ngâm nước ấm trước khi chế biến để giữ độ giòn.",
        ),
        (("Hạn sử dụng", ("6 tháng", "12 tháng")), ("Bảo quản", (KEEP_DRY,))),
    ),
    "say-mut": Line(
        "che-bien-tu-rau-cu-qua",
        (
            "Hồng sấy dẻo",
            "Chuối sấy dẻo",
            "Mít sấy giòn",
            "Mứt gừng",
            "Măng ớt",
            "Vỏ bưởi sấy dẻo",
            "Khoai lang sấy",
            "Dưa cải muối",
            "Mứt sen",
        ),
        (
            pack("hộp 250 g", "hop", 45_000, 110_000, w="250 g"),
            pack("túi 500 g", "tui", 80_000, 190_000, w="500 g"),
            pack("lọ 300 g", "lo", 40_000, 90_000, w="300 g"),
        ),
        (
            "Trái cây chín được sấy lạnh ở nhiệt độ thấp để giữ màu và vị tự nhiên.",
            "Không thêm phẩm màu, đường dùng ở mức vừa phải.",
            "Đóng hộp có cửa sổ trong để người mua nhìn thấy sản phẩm.",
        ),
        (("Hạn sử dụng", ("6 tháng", "9 tháng")), ("Bảo quản", (KEEP_DRY,))),
        gtin=0.6,
    ),
    # --- meat, eggs, milk --------------------------------------------------------------------
    "thit-che-bien": Line(
        "che-bien-tu-thit-trung-sua",
        (
            "Thịt chua",
            "Thịt lợn gác bếp",
            "Thịt trâu gác bếp",
            "Giò lụa",
            "Chả quế",
            "Ruốc thịt lợn",
            "Lạp xưởng",
            "Nem chua",
            "Giò bò",
        ),
        (
            pack("hộp 300 g", "hop", 70_000, 160_000, w="300 g"),
            pack("túi 500 g", "tui", 110_000, 320_000, w="500 g"),
            pack("theo kg", "kg", 220_000, 900_000),
        ),
        (
            "Thịt mua từ các hộ chăn nuôi thả ở {place}, chế biến ngay trong ngày giết mổ.",
            "Tẩm ướp bằng muối, thính gạo và gia vị rừng theo công thức gia truyền.",
            "Đóng gói hút chân không, có tem truy xuất nguồn gốc trên bao bì.",
            "Cơ sở đã được cấp giấy chứng nhận đủ điều kiện an toàn thực phẩm.",
        ),
        (
            ("Hạn sử dụng", ("15 ngày", "30 ngày", "6 tháng")),
            ("Bảo quản", (KEEP_COLD, "Ngăn đông tủ lạnh")),
        ),
        gtin=0.4,
    ),
    "thit-tuoi": Line(
        "thit-trung-sua-tuoi",
        (
            "Gà ri thả đồi",
            "Gà mía",
            "Thịt lợn đen@0",
            "Vịt bầu",
            "Thịt bò vàng@0",
            "Thịt dê núi@0",
            "Gà ác",
        ),
        (
            pack("theo kg", "kg", 90_000, 320_000),
            pack("con 1,5–2 kg", "con", 180_000, 450_000, q="Con 1,5–2 kg"),
        ),
        (
            "Vật nuôi thả vườn đồi ở {place}, ăn ngô, thóc và rau xanh.",
            "Giết mổ tại cơ sở được thú y kiểm soát, giao lạnh trong ngày.",
            "Thịt săn chắc, ít mỡ, thơm.",
        ),
        (("Bảo quản", (KEEP_COLD,)), ("Hình thức nuôi", ("Thả vườn", "Thả đồi", "Bán chăn thả"))),
        gtin=0.0,
    ),
    "trung": Line(
        "thit-trung-sua-tuoi",
        ("Trứng gà ri", "Trứng gà đồi", "Trứng vịt", "Trứng gà ác", "Trứng vịt lộn"),
        (
            pack("hộp 10 quả", "hop", 30_000, 60_000, q="10 quả"),
            pack("khay 30 quả", "hop", 80_000, 170_000, q="30 quả"),
        ),
        (
            "Trứng thu nhặt hằng ngày từ đàn gia cầm nuôi thả ở {place}.",
            "Được soi và lau sạch trước khi xếp khay.",
            "Lòng đỏ đậm màu, vỏ chắc.",
        ),
        (("Hạn sử dụng", ("15 ngày", "20 ngày")),),
        gtin=0.3,
    ),
    "sua-tuoi": Line(
        "thit-trung-sua-tuoi",
        ("Sữa bò tươi thanh trùng", "Sữa bò tươi nguyên kem", "Sữa bò tươi ít đường"),
        (
            pack("chai 500 ml", "chai", 18_000, 35_000, v="500 ml"),
            pack("chai 1 lít", "chai", 32_000, 60_000, v="1 lít"),
            pack("thùng 12 chai", "thung", 200_000, 380_000, q="12 chai × 1 lít"),
        ),
        (
            "Sữa vắt từ đàn bò sữa nuôi tại các trang trại ở {place}, thanh trùng ngay trong buổi.",
            "Giữ lạnh suốt quá trình vận chuyển từ trại đến tay người mua.",
            "Vị béo nhẹ, không hoàn nguyên từ sữa bột.",
        ),
        (("Hạn sử dụng", ("7 ngày", "10 ngày")), ("Bảo quản", (KEEP_COLD,))),
        gtin=0.8,
    ),
    "sua-chua": Line(
        "che-bien-tu-thit-trung-sua",
        ("Sữa chua", "Sữa chua nếp cẩm", "Sữa chua dẻo", "Váng sữa", "Sữa chua trân châu"),
        (
            pack("hộp 4 hũ", "hop", 25_000, 45_000, q="4 hũ × 100 g"),
            pack("thùng 48 hũ", "thung", 260_000, 480_000, q="48 hũ"),
        ),
        (
            "Làm từ sữa bò tươi của trang trại, men cái nuôi tại cơ sở.",
            "Ít ngọt, không dùng chất làm đặc.",
            "Giao hàng bằng xe lạnh đến các cửa hàng trong tỉnh.",
        ),
        (("Hạn sử dụng", ("15 ngày", "20 ngày")), ("Bảo quản", (KEEP_COLD,))),
        gtin=0.8,
    ),
    # --- fish --------------------------------------------------------------------------------
    "ca-tuoi": Line(
        "thuy-san-tuoi",
        (
            "Cá lăng",
            "Cá chép",
            "Cá trắm giòn",
            "Cá rô đồng",
            "Cá chiên",
            "Cá diêu hồng",
            "Cá nheo",
            "Cá quả",
        ),
        (
            pack("theo kg", "kg", 60_000, 380_000, moq=2),
            pack("theo tấn", "tan", 45_000_000, 120_000_000, on_request=0.7),
        ),
        (
            "Cá nuôi lồng trên sông, ao nước chảy ở {place}, cho ăn thức ăn xanh và cám ngô.",
            "Bắt theo đơn, vận chuyển sống bằng thùng sục khí.",
            "Thịt cá chắc, không có mùi bùn.",
        ),
        (("Giao hàng", ("Cá sống", "Cá làm sạch, đóng túi", "Cá sống hoặc làm sạch")),),
        gtin=0.0,
    ),
    "ca-che-bien": Line(
        "che-bien-tu-thuy-san",
        (
            "Cá thính",
            "Chả cá trắm",
            "Cá suối nướng",
            "Cá chép kho riềng",
            "Ruốc cá",
            "Cá rô kho",
            "Cá mương chiên giòn",
        ),
        (
            pack("hộp 500 g", "hop", 90_000, 250_000, w="500 g"),
            pack("túi 300 g", "tui", 60_000, 150_000, w="300 g"),
            pack("hộp 1 kg", "hop", 180_000, 400_000, w="1 kg"),
        ),
        (
            "Cá tươi được làm sạch, ướp gia vị và chế biến theo công thức của làng nghề {place}.",
            "Đóng hộp kín, tiệt trùng, để được lâu mà không cần chất bảo quản.",
            "Thích hợp làm món nhắm, món ăn kèm cơm hoặc quà biếu.",
        ),
        (("Hạn sử dụng", ("3 tháng", "6 tháng", "12 tháng")), ("Bảo quản", (KEEP_COLD, KEEP_DRY))),
    ),
    # --- condiments --------------------------------------------------------------------------
    "gia-vi-long": Line(
        "tuong-nuoc-mam-gia-vi-long",
        ("Tương nếp", "Tương ớt", "Dấm gạo", "Dấm táo mèo", "Mắm tép", "Tương đậu", "Mắm cáy"),
        (
            pack("chai 500 ml", "chai", 25_000, 60_000, v="500 ml"),
            pack("chai 1 lít", "chai", 40_000, 90_000, v="1 lít"),
            pack("can 5 lít", "lit", 30_000, 70_000, moq=5, v="5 lít"),
        ),
        (
            "Ủ trong chum sành phơi nắng theo cách làm truyền thống của {place}.",
            "Không dùng chất điều vị, màu tự nhiên từ nguyên liệu.",
            "Dùng chấm rau luộc, thịt luộc hoặc nêm món kho.",
        ),
        (("Hạn sử dụng", ("12 tháng", "18 tháng")),),
        gtin=0.6,
    ),
    "gia-vi-kho": Line(
        "gia-vi-kho",
        (
            "Muối vừng",
            "Muối ớt xanh",
            "Ớt bột",
            "Hạt dổi",
            "Mắc khén",
            "Gừng khô",
            "Quế thanh",
            "Hoa hồi",
            "Muối sả",
        ),
        (
            pack("gói 100 g", "goi", 20_000, 70_000, w="100 g"),
            pack("lọ 200 g", "lo", 35_000, 120_000, w="200 g"),
            pack("theo kg", "kg", 150_000, 650_000, moq=2),
        ),
        (
            "Nguyên liệu hái từ rừng và vườn nhà ở {place}, phơi khô rồi rang hoặc giã thủ công.",
            "Mùi thơm đặc trưng của gia vị vùng núi.",
            "Đựng lọ thủy tinh nắp kín để giữ mùi.",
        ),
        (("Hạn sử dụng", ("12 tháng",)), ("Bảo quản", (KEEP_DRY,))),
        gtin=0.5,
    ),
    # --- drinks ------------------------------------------------------------------------------
    "ruou-trang": Line(
        "ruou-trang",
        ("Rượu ngô", "Rượu nếp cái", "Rượu men lá", "Rượu nếp cẩm", "Rượu gạo", "Rượu sắn"),
        (
            pack("chai 500 ml", "chai", 60_000, 180_000, v="500 ml"),
            pack("chai 750 ml", "chai", 90_000, 250_000, v="750 ml"),
            pack("can 5 lít", "lit", 50_000, 120_000, moq=5, v="5 lít"),
        ),
        (
            "Nấu từ ngũ cốc địa phương với men lá tự làm, chưng cất hai lần trong nồi đồng.",
            "Rượu được hạ thổ trong chum sành ít nhất sáu tháng trước khi đóng chai.",
            "Vị êm, thơm mùi men, không đau đầu khi dùng vừa phải.",
            "Sản phẩm có giấy phép sản xuất rượu thủ công; không bán cho người dưới 18 tuổi.",
        ),
        (("Nồng độ cồn", ("29%", "35%", "39%", "40%")), ("Hạn sử dụng", ("Không thời hạn",))),
        gtin=0.5,
    ),
    "ruou-len-men": Line(
        "ruou-vang-bia-do-uong-len-men",
        (
            "Rượu cần@2",
            "Rượu vang sim",
            "Rượu mơ",
            "Rượu chuối hột",
            "Rượu táo mèo",
            "Rượu dâu rừng",
            "Rượu vang bưởi",
        ),
        (
            pack("chai 500 ml", "chai", 80_000, 220_000, v="500 ml"),
            pack("chai 750 ml", "chai", 120_000, 320_000, v="750 ml"),
            pack("bình 3 lít", "chai", 250_000, 600_000, v="3 lít"),
        ),
        (
            "Trái cây và ngũ cốc lên men tự nhiên trong chum, không pha cồn công nghiệp.",
            "Vị chua ngọt hài hòa, nên dùng lạnh.",
            "Chai thủy tinh có nút gỗ và tem chống giả.",
            "Không bán cho người dưới 18 tuổi.",
        ),
        (("Nồng độ cồn", ("12%", "14%", "18%", "25%")), ("Hạn sử dụng", ("24 tháng", "36 tháng"))),
        gtin=0.6,
    ),
    "nuoc": Line(
        "nuoc-uong-nuoc-ep",
        (
            "Nước ép bưởi",
            "Nước cam ép",
            "Nước khoáng thiên nhiên",
            "Nước uống đóng chai",
            "Nước ép chanh leo",
            "Nước mơ ngâm",
            "Nước ép táo mèo",
        ),
        (
            pack("chai 330 ml", "chai", 10_000, 25_000, v="330 ml"),
            pack("chai 500 ml", "chai", 12_000, 35_000, v="500 ml"),
            pack("thùng 24 chai", "thung", 180_000, 480_000, q="24 chai"),
        ),
        (
            "Sản xuất trên dây chuyền khép kín, thanh trùng và chiết rót tự động.",
            "Nguyên liệu tươi thu mua từ các vườn trong vùng {place}.",
            "Không dùng chất tạo ngọt tổng hợp.",
        ),
        (("Hạn sử dụng", ("6 tháng", "12 tháng")),),
        gtin=0.9,
    ),
    "bot": Line(
        "bot-hoa-tan",
        (
            "Bột sắn dây",
            "Bột ngũ cốc",
            "Bột trà xanh",
            "Tinh bột nghệ",
            "Bột gạo lứt rang",
            "Bột chùm ngây",
            "Bột đậu đen rang",
        ),
        (
            pack("gói 250 g", "goi", 40_000, 110_000, w="250 g"),
            pack("hộp 500 g", "hop", 70_000, 220_000, w="500 g"),
            pack("theo kg", "kg", 120_000, 380_000, moq=2),
        ),
        (
            "Nguyên liệu được rửa sạch, sấy khô và nghiền mịn trong xưởng khép kín.",
            "Pha với nước ấm, thêm chút đường hoặc mật ong tùy khẩu vị.",
            "Nguyên liệu trồng tại {place}, chế biến ngay trong vụ.",
        ),
        (("Hạn sử dụng", ("12 tháng", "18 tháng")), ("Bảo quản", (KEEP_DRY,))),
        gtin=0.6,
    ),
    # --- herbal products ---------------------------------------------------------------------
    "tpcn": Line(
        "thuc-pham-chuc-nang",
        (
            "Đông trùng hạ thảo sấy khô@0",
            "Cao ba kích@0,2",
            "Cao dây thìa canh@0,2",
            "Cao cà gai leo@0,2",
            "Viên tinh nghệ mật ong@1",
            "Cao xạ đen@0,2",
            "Cao giảo cổ lam@0,2",
            "Viên hà thủ ô@1",
        ),
        (
            pack("lọ 100 g", "lo", 180_000, 650_000, w="100 g"),
            pack("hộp 60 viên", "hop", 150_000, 420_000, q="60 viên"),
            pack("hộp 10 ống", "hop", 220_000, 850_000, q="10 ống × 10 ml"),
        ),
        (
            "Dược liệu trồng dưới tán rừng ở {place}, thu hái đúng tuổi và sấy ở nhiệt độ thấp.",
            "Sản xuất tại cơ sở đạt tiêu chuẩn an toàn thực phẩm, có phiếu kiểm nghiệm từng lô.",
            "Sản phẩm không phải là thuốc và không có tác dụng thay thế thuốc chữa bệnh.",
        ),
        (
            ("Đối tượng sử dụng", ("Người trưởng thành",)),
            ("Hạn sử dụng", ("24 tháng", "36 tháng")),
        ),
        gtin=0.8,
    ),
    "my-pham": Line(
        "my-pham-tu-duoc-lieu",
        (
            "Xà phòng thảo dược@0",
            "Dầu gội bồ kết@1,2",
            "Tinh dầu sả chanh@4",
            "Son dưỡng sáp ong@3",
            "Nước tắm lá thuốc người Dao@1,2",
            "Dầu xoa bóp thảo dược@4",
            "Dầu gội vỏ bưởi@1,2",
        ),
        (
            pack("bánh 100 g", "cai", 35_000, 80_000, w="100 g"),
            pack("chai 250 ml", "chai", 60_000, 180_000, v="250 ml"),
            pack("chai 500 ml", "chai", 110_000, 280_000, v="500 ml"),
            pack("thỏi 5 g", "cai", 35_000, 90_000, w="5 g"),
            pack("lọ 30 ml", "lo", 45_000, 150_000, v="30 ml"),
        ),
        (
            "Chiết xuất từ lá, vỏ và quả của cây thuốc vùng {place} theo bài thuốc dân gian.",
            "Không chứa paraben, hương liệu tổng hợp.",
            "Thử trên vùng da nhỏ trước khi dùng lần đầu.",
        ),
        (("Hạn sử dụng", ("12 tháng", "24 tháng")),),
        gtin=0.7,
    ),
    "duoc-lieu-kho": Line(
        "tinh-dau-duoc-lieu-kho",
        (
            "Trà giảo cổ lam@0,1",
            "Trà hoa cúc@0,1",
            "Ba kích khô@0,1",
            "Xạ đen khô@0,1",
            "Nấm linh chi@0,1",
            "Tinh dầu quế@2",
            "Tinh dầu bưởi@2",
            "Trà dây@0,1",
            "Lá xông thảo dược@0,1",
        ),
        (
            pack("gói 200 g", "goi", 50_000, 180_000, w="200 g"),
            pack("túi 500 g", "tui", 110_000, 380_000, w="500 g"),
            pack("lọ 50 ml", "lo", 70_000, 220_000, v="50 ml"),
        ),
        (
            "Dược liệu thu hái tại {place}, rửa sạch, thái lát và sấy khô trong lò sấy kín.",
            "Đóng túi giấy có lớp chống ẩm.",
            "Dùng hãm nước uống hằng ngày hoặc xông hơi.",
        ),
        (("Hạn sử dụng", ("12 tháng", "24 tháng")), ("Bảo quản", (KEEP_DRY,))),
    ),
    # --- handicrafts -------------------------------------------------------------------------
    "may-tre": Line(
        "do-thu-cong-my-nghe",
        (
            "Giỏ mây đan",
            "Khay mây đan",
            "Lẵng hoa mây tre",
            "Hộp tre đựng trà",
            "Đèn tre trang trí",
            "Bình hoa tre",
            "Tranh tre ghép",
            "Giỏ quà tre đan",
            "Chao đèn mây",
        ),
        (
            pack("chiếc", "chiec", 60_000, 450_000),
            pack("bộ 3 chiếc", "bo", 150_000, 900_000, q="3 chiếc lồng nhau"),
            pack("lô 100 chiếc", "chiec", 40_000, 250_000, moq=100, on_request=0.4),
        ),
        (
            "Mây, tre và giang được chọn từ cây già, xử lý chống mối mọt trước khi đan.",
            "Thợ làng nghề {place} đan hoàn toàn bằng tay, mỗi sản phẩm có chút khác biệt.",
            "Nhận làm theo mẫu cho cửa hàng quà tặng và đơn hàng xuất khẩu.",
            "Phủ dầu bóng gốc nước, không mùi.",
        ),
        (("Chất liệu", ("Mây, tre", "Tre, giang", "Mây tự nhiên")),),
        availability=("in_stock", "preorder"),
        gtin=0.2,
    ),
    "do-gia-dung-tre": Line(
        "do-gia-dung",
        (
            "Bộ thìa dĩa tre@0",
            "Bộ đũa tre@1",
            "Ống hút tre@2",
            "Thớt tre ghép@3",
            "Rổ tre@3",
            "Bàn chải tre@2,3",
            "Hộp cơm tre@3",
            "Muôi tre@2,3",
        ),
        (
            pack("bộ", "bo", 35_000, 150_000, q="1 bộ"),
            pack("hộp 10 đôi", "hop", 30_000, 90_000, q="10 đôi"),
            pack("túi 50 chiếc", "tui", 60_000, 180_000, q="50 chiếc"),
            pack("chiếc", "chiec", 20_000, 160_000),
        ),
        (
            "Làm từ tre già trên ba năm tuổi, luộc, sấy chống mốc và đánh bóng bằng dầu thực vật.",
            "Dùng lại được nhiều lần, thay cho đồ nhựa dùng một lần.",
            "Nhận khắc logo cho nhà hàng, khách sạn.",
        ),
        (("Chất liệu", ("Tre tự nhiên", "Tre ép nhiệt")),),
        gtin=0.5,
    ),
    "non-la": Line(
        "do-thu-cong-my-nghe",
        ("Nón lá", "Nón lá trang trí", "Nón lá vẽ tay", "Nón lá trẻ em"),
        (
            pack("chiếc", "chiec", 40_000, 150_000),
            pack("bộ 10 chiếc", "bo", 350_000, 1_200_000, q="10 chiếc"),
        ),
        (
            "Lá cọ phơi sương cho trắng, là phẳng rồi chằm trên khung vành tre chuốt mảnh.",
            "Khâu bằng chỉ cước bền màu, quét dầu chống thấm.",
            "Nhận vẽ, in trang trí theo yêu cầu của khách đoàn và cửa hàng lưu niệm.",
        ),
        (("Chất liệu", ("Lá cọ, tre", "Lá nón, tre")),),
        availability=("in_stock", "preorder"),
        gtin=0.0,
    ),
    "tho-cam": Line(
        "vai-may-mac",
        (
            "Khăn thổ cẩm@0",
            "Túi thổ cẩm@0",
            "Váy Mường@0,1",
            "Vải thổ cẩm@2",
            "Áo thổ cẩm@0,1",
            "Ví thổ cẩm@0",
            "Khăn piêu@0",
        ),
        (
            pack("chiếc", "chiec", 80_000, 650_000),
            pack("bộ", "bo", 450_000, 1_800_000),
            pack("mét vải", "chiec", 150_000, 400_000, moq=5, q="Khổ 40 cm"),
        ),
        (
            "Dệt trên khung cửi gỗ bởi phụ nữ dân tộc Mường, Dao ở {place}.",
            "Hoa văn truyền thống, nhuộm bằng màu từ lá và vỏ cây.",
            "Mỗi tấm vải mất nhiều ngày công, không có hai sản phẩm giống hệt nhau.",
        ),
        (("Chất liệu", ("Sợi bông", "Sợi lanh", "Sợi bông pha")),),
        availability=("in_stock", "preorder"),
        gtin=0.0,
    ),
    "do-moc-gia-dung": Line(
        "do-gia-dung",
        (
            "Bàn trà gỗ xoan",
            "Kệ sách gỗ@0",
            "Tủ gỗ xoan đào@0",
            "Giường gỗ lim@0",
            "Bộ bàn ghế gỗ mít@1",
            "Sập gỗ@0",
        ),
        (
            pack("chiếc", "chiec", 2_500_000, 25_000_000, on_request=0.3),
            pack("bộ", "bo", 8_000_000, 45_000_000, on_request=0.5),
        ),
        (
            "Gỗ được phơi, sấy kỹ trước khi đóng mộng để không cong vênh.",
            "Xưởng mộc ở {place} làm theo kích thước khách đặt.",
            "Hoàn thiện bằng sơn PU mờ, an toàn khi dùng trong nhà.",
        ),
        (("Chất liệu", ("Gỗ xoan đào", "Gỗ lim", "Gỗ mít", "Gỗ keo")),),
        availability=("preorder", "preorder", "in_stock"),
        gtin=0.0,
    ),
    "do-moc-nho": Line(
        "do-gia-dung",
        ("Thớt gỗ nghiến", "Khay gỗ", "Ghế đẩu gỗ", "Hộp đựng đũa bằng gỗ", "Móc treo gỗ"),
        (
            pack("chiếc", "chiec", 60_000, 900_000),
            pack("bộ 3 chiếc", "bo", 180_000, 1_500_000, q="3 chiếc"),
        ),
        (
            "Gỗ tận dụng từ xưởng mộc ở {place}, phơi khô và bào nhẵn bằng tay.",
            "Đánh dầu thực vật, không sơn hóa chất, an toàn khi tiếp xúc thực phẩm.",
            "Nhận khắc tên, logo làm quà tặng.",
        ),
        (("Chất liệu", ("Gỗ nghiến", "Gỗ xoan", "Gỗ keo")),),
        gtin=0.3,
    ),
    "do-moc-my-nghe": Line(
        "do-thu-cong-my-nghe",
        (
            "Tượng gỗ@0",
            "Tượng Phật gỗ@0",
            "Lục bình gỗ@1",
            "Tranh gỗ khắc@2",
            "Hộp gỗ đựng trà@2",
            "Đồng hồ gỗ treo tường@2",
        ),
        (
            pack("chiếc", "chiec", 1_500_000, 25_000_000, on_request=0.3),
            pack("cặp", "bo", 4_000_000, 40_000_000, on_request=0.5),
            pack("chiếc", "chiec", 150_000, 2_500_000),
        ),
        (
            "Chạm khắc tay bởi nghệ nhân làng mộc {place}.",
            "Gỗ được ngâm, sấy và xử lý chống mối trước khi chạm.",
            "Có thể khắc tên, lời chúc làm quà tặng.",
        ),
        (("Chất liệu", ("Gỗ mít", "Gỗ hương", "Gỗ pơ mu")),),
        availability=("preorder", "in_stock"),
        gtin=0.0,
    ),
    # --- rural-industry goods ----------------------------------------------------------------
    "co-khi": Line(
        "cnnt-thiet-bi-may-moc",
        (
            "Máy vò chè mini",
            "Máy sao chè quay tay",
            "Máy sấy nông sản",
            "Máy thái chè",
            "Lò sấy chè",
            "Máy xay bột nước",
            "Máy bóc vỏ lạc",
        ),
        (
            pack("chiếc", "chiec", 4_500_000, 65_000_000, on_request=0.35),
            pack("bộ kèm động cơ", "bo", 8_000_000, 90_000_000, on_request=0.5),
        ),
        (
            "Chế tạo tại xưởng cơ khí {place}, phù hợp với hộ và hợp tác xã chế biến nhỏ.",
            "Khung thép sơn tĩnh điện, có thợ lắp đặt tận nơi trong tỉnh.",
            "Phụ tùng thay thế có sẵn tại xưởng.",
        ),
        (("Bảo hành", ("6 tháng", "12 tháng")), ("Công suất", ("1,5 kW", "3 kW", "5,5 kW"))),
        grades=("", "loại nhỏ", "loại lớn", "khung inox", "chạy điện 1 pha"),
        availability=("preorder", "in_stock"),
        gtin=0.0,
        place=False,
    ),
    "dung-cu-ren": Line(
        "cnnt-thiet-bi-may-moc",
        ("Dao rèn thủ công", "Cuốc rèn", "Liềm rèn", "Dao quắm", "Dao phát cỏ"),
        (
            pack("chiếc", "chiec", 60_000, 450_000),
            pack("bộ 5 chiếc", "bo", 300_000, 1_800_000, q="5 chiếc"),
        ),
        (
            "Rèn tay từ thép nhíp ô tô, tôi nước nhiều lần cho lưỡi cứng và bền.",
            "Cán gỗ nghiến, đóng chặt bằng khâu sắt.",
            "Lò rèn ở {place} nhận làm theo mẫu của khách.",
        ),
        (("Chất liệu", ("Thép nhíp", "Thép cacbon")),),
        grades=("", "lưỡi dày", "cán dài", "cỡ nhỏ"),
        gtin=0.0,
        place=False,
    ),
    "cnnt-khac": Line(
        "cnnt-san-pham-khac",
        ("Chổi chít@0", "Chổi đót@0", "Hương nén quế@1", "Hương trầm thảo mộc@1"),
        (
            pack("bó 10 chiếc", "bo-hoa", 120_000, 300_000, q="10 chiếc"),
            pack("hộp", "hop", 30_000, 90_000),
        ),
        (
            "Nguyên liệu thu hái trên đồi rừng {place}, phơi khô và làm thủ công.",
            "Nhận đơn số lượng lớn cho đại lý.",
        ),
        (("Chất liệu", ("Bông chít", "Cây đót", "Bột quế, bột gỗ")),),
        gtin=0.0,
    ),
    # --- ornamental plants and animals -------------------------------------------------------
    "hoa": Line(
        "hoa",
        (
            "Hoa lan hồ điệp",
            "Hoa đào",
            "Hoa cúc",
            "Hoa hồng",
            "Hoa ly",
            "Lan kiếm",
            "Hoa đồng tiền",
        ),
        (
            pack("chậu", "chau", 150_000, 1_800_000),
            pack("bó 10 cành", "bo-hoa", 60_000, 300_000, q="10 cành"),
        ),
        (
            "Hoa trồng trong nhà màng ở {place}, chăm sóc để nở đúng dịp lễ Tết.",
            "Giao hoa tận nơi trong tỉnh, có hướng dẫn chăm sóc kèm theo.",
            "Nhận trang trí sự kiện, hội nghị.",
        ),
        (("Chiều cao", ("40–60 cm", "60–90 cm", "1–1,5 m")),),
        availability=("seasonal", "in_stock"),
        gtin=0.0,
    ),
    "cay-canh": Line(
        "cay-canh",
        (
            "Cây bưởi cảnh",
            "Cây quất cảnh",
            "Cây sanh",
            "Cây tùng la hán",
            "Cây lộc vừng",
            "Cây hoa giấy",
            "Cây hồng cảnh",
        ),
        (
            pack("chậu lớn", "chau", 1_500_000, 15_000_000, on_request=0.3),
            pack("chậu nhỏ", "chau", 250_000, 1_500_000),
        ),
        (
            "Cây được uốn tạo dáng nhiều năm tại vườn ở {place}.",
            "Vận chuyển bằng xe riêng, có người hỗ trợ đặt cây tại nhà.",
            "Vườn nhận chăm sóc và cho thuê cây trưng bày dịp Tết.",
        ),
        (("Tuổi cây", ("3 năm", "5 năm", "8 năm")),),
        availability=("in_stock", "seasonal"),
        gtin=0.0,
    ),
    "ca-canh": Line(
        "dong-vat-canh",
        ("Cá Koi", "Cá chép cảnh", "Cá vàng", "Cá chép Nhật vây dài"),
        (pack("con", "con", 30_000, 1_200_000), pack("lô 10 con", "con", 25_000, 600_000, moq=10)),
        (
            "Giống nuôi tại trại ở {place}, được kiểm dịch trước khi bán.",
            "Tư vấn cách nuôi và thiết kế bể cho người mới chơi.",
        ),
        (("Kích cỡ", ("10–15 cm", "20–30 cm", "Trưởng thành")),),
        gtin=0.0,
    ),
    # --- tourism -----------------------------------------------------------------------------
    "tour": Line(
        "du-lich-cong-dong",
        (
            "Tour trải nghiệm đồi chè",
            "Tour trải nghiệm làm mì gạo",
            "Tour hái bưởi",
            "Homestay bản Mường",
            "Trải nghiệm gói bánh chưng",
            "Tour trải nghiệm nuôi ong",
            "Tour đạp xe làng quê",
            "Trải nghiệm làm nón lá",
        ),
        (
            pack("suất 1 ngày", "suat", 250_000, 700_000),
            pack("suất 2 ngày 1 đêm", "suat", 650_000, 1_600_000),
            pack("đoàn từ 20 khách", "suat", 200_000, 550_000, moq=20, on_request=0.4),
        ),
        (
            "Khách được người dân địa phương hướng dẫn trực tiếp từng công đoạn.",
            "Bữa ăn dùng sản vật của {place}: gà đồi, cá suối, rau rừng.",
            "Giá đã gồm hướng dẫn viên, bữa trưa và bảo hiểm du lịch.",
            "Nhận đoàn học sinh, đoàn doanh nghiệp; đặt trước ít nhất ba ngày.",
        ),
        (
            ("Số khách tối đa", ("20", "40", "60")),
            ("Ngôn ngữ", ("Tiếng Việt", "Tiếng Việt, tiếng Anh")),
        ),
        availability=("preorder",),
        gtin=0.0,
        service=True,
    ),
    "diem": Line(
        "diem-du-lich",
        (
            "Vé tham quan khu sinh thái",
            "Vé tắm khoáng nóng",
            "Vé tham quan vườn chè",
            "Vé tham quan làng nghề",
            "Vé cắm trại ven hồ",
        ),
        (
            pack("vé người lớn", "ve", 30_000, 250_000),
            pack("vé trẻ em", "ve", 15_000, 120_000),
        ),
        (
            "Điểm đến nằm giữa đồi rừng {place}, không khí trong lành quanh năm.",
            "Có bãi đỗ xe, nhà hàng và khu vui chơi cho trẻ nhỏ.",
            "Vé có giá trị trong ngày, mua tại quầy hoặc đặt trước qua điện thoại.",
        ),
        (("Giờ mở cửa", ("7:00–17:30", "6:30–18:00")),),
        availability=("in_stock",),
        gtin=0.0,
        service=True,
    ),
}


@dataclass(frozen=True)
class Theme:
    """A kind of producer: what it sells and how its name reads."""

    lines: tuple[tuple[str, int], ...]  # (line key, weight)
    coop: str  # "HTX Chè ..."
    company: str  # "Công ty TNHH Chè ..."
    shop: str  # household display name prefix ("Trại ong Lực ...")
    trade: str  # individual: "Cơ sở {trade} ..."
    intro: tuple[str, ...]  # storefront description sentences
    communes: tuple[str, ...]  # where such producers usually are (commune names)
    weight: int


THEMES: dict[str, Theme] = {
    "che": Theme(
        (("che-kho", 6), ("hong-tra", 2), ("tra-tui-loc", 2), ("tra-hoa", 1), ("tour", 1)),
        "Chè",
        "Chè",
        "Chè",
        "chế biến chè",
        (
            "Trồng và chế biến chè búp trên đồi trung du, cung cấp cho đại lý trong và ngoài tỉnh.",
            "Có xưởng sao chè và đóng gói riêng, nhận gia công theo nhãn của khách.",
        ),
        (
            "Xã Thanh Ba",
            "Xã Đoan Hùng",
            "Xã Yên Lập",
            "Xã Tân Sơn",
            "Xã Thanh Sơn",
            "Xã Phù Ninh",
            "Xã Hạ Hòa",
            "Xã Long Cốc",
            "Xã Tam Đảo",
            "Xã Đạo Trù",
            "Xã Tây Cốc",
            "Xã Chân Mộng",
        ),
        46,
    ),
    "gao": Theme(
        (("gao", 3), ("mi-gao", 4), ("banh-tuoi", 1), ("banh-kho", 1), ("bot", 1)),
        "Nông nghiệp",
        "Lương thực",
        "Gạo",
        "sản xuất mì gạo",
        (
            "Sản xuất lúa gạo và các sản phẩm chế biến từ gạo của vùng đồng bằng ven sông.",
            "Liên kết với bà con trồng lúa theo quy trình an toàn, bao tiêu đầu ra.",
        ),
        (
            "Phường Vân Phú",
            "Xã Lâm Thao",
            "Xã Tam Nông",
            "Xã Vĩnh Tường",
            "Xã Yên Lạc",
            "Xã Cẩm Khê",
            "Xã Phùng Nguyên",
            "Xã Bản Nguyên",
            "Xã Tề Lỗ",
            "Xã Vĩnh Hưng",
        ),
        34,
    ),
    "mat-ong": Theme(
        (("mat-ong", 5), ("ong-khac", 2)),
        "Nuôi ong",
        "Mật ong",
        "Trại ong",
        "nuôi ong",
        (
            "Nuôi ong lấy mật theo mùa hoa, di chuyển đàn ong giữa các vùng đồi rừng trong tỉnh.",
            "Mật được kiểm tra độ ẩm từng lô trước khi đóng chai.",
        ),
        (
            "Xã Thanh Thuỷ",
            "Xã Tam Đảo",
            "Xã Tân Sơn",
            "Xã Yên Lập",
            "Xã Cao Phong",
            "Xã Đà Bắc",
            "Xã Đại Đình",
            "Xã Xuân Đài",
        ),
        22,
    ),
    "trai-cay": Theme(
        (("buoi", 4), ("cam", 2), ("qua-khac", 3), ("say-mut", 1)),
        "Cây ăn quả",
        "Nông sản",
        "Vườn",
        "trồng cây ăn quả",
        (
            "Trồng cây ăn quả trên đất bãi và đồi thấp, bán tại vườn và giao cho siêu thị.",
            "Vườn mở cửa đón khách tham quan, hái quả vào mùa thu hoạch.",
        ),
        (
            "Xã Chí Đám",
            "Xã Đoan Hùng",
            "Xã Bằng Luân",
            "Xã Phù Ninh",
            "Xã Cao Phong",
            "Xã Hạ Hòa",
            "Xã Tây Cốc",
            "Xã Phú Mỹ",
            "Xã Thung Nai",
            "Xã Mường Thàng",
        ),
        40,
    ),
    "thit": Theme(
        (("thit-che-bien", 4), ("thit-tuoi", 2), ("trung", 1)),
        "Chăn nuôi",
        "Thực phẩm",
        "Lò",
        "chế biến thực phẩm",
        (
            "Chăn nuôi và chế biến các món thịt truyền thống của đồng bào Mường vùng núi.",
            "Cơ sở có giấy chứng nhận đủ điều kiện an toàn thực phẩm.",
        ),
        (
            "Xã Thanh Sơn",
            "Xã Tân Sơn",
            "Xã Yên Lập",
            "Xã Mai Châu",
            "Phường Phú Thọ",
            "Xã Tân Lạc",
            "Xã Lạc Sơn",
            "Xã Kim Bôi",
            "Xã Thu Cúc",
            "Xã Lai Đồng",
        ),
        25,
    ),
    "thuy-san": Theme(
        (("ca-tuoi", 3), ("ca-che-bien", 2)),
        "Thủy sản",
        "Thủy sản",
        "Ao cá",
        "nuôi trồng thủy sản",
        (
            "Nuôi cá lồng trên sông và ao nước chảy, chế biến các món cá đặc sản.",
            "Giao cá sống cho nhà hàng trong tỉnh và Hà Nội.",
        ),
        (
            "Xã Lâm Thao",
            "Xã Tam Nông",
            "Xã Đoan Hùng",
            "Xã Sông Lô",
            "Xã Hạ Hòa",
            "Xã Thanh Thuỷ",
            "Xã Đà Bắc",
            "Xã Hy Cương",
        ),
        15,
    ),
    "ruou": Theme(
        (("ruou-trang", 3), ("ruou-len-men", 2)),
        "Rượu truyền thống",
        "Rượu",
        "Rượu",
        "nấu rượu",
        (
            "Nấu rượu thủ công bằng men lá theo bí quyết gia truyền.",
            "Có giấy phép sản xuất rượu thủ công và công bố chất lượng sản phẩm.",
        ),
        (
            "Xã Mai Châu",
            "Xã Tân Lạc",
            "Xã Lạc Sơn",
            "Xã Yên Lập",
            "Xã Tam Nông",
            "Xã Vân Sơn",
            "Xã Mường Động",
            "Xã Đà Bắc",
        ),
        15,
    ),
    "duoc-lieu": Theme(
        (("tpcn", 3), ("my-pham", 2), ("duoc-lieu-kho", 3)),
        "Dược liệu",
        "Dược liệu",
        "Thảo dược",
        "sản xuất thảo dược",
        (
            "Trồng và chế biến dược liệu dưới tán rừng, có vùng nguyên liệu riêng.",
            "Sản phẩm được kiểm nghiệm tại trung tâm kiểm nghiệm của tỉnh.",
        ),
        (
            "Xã Tam Đảo",
            "Xã Đại Đình",
            "Xã Tân Sơn",
            "Xã Kim Bôi",
            "Xã Đà Bắc",
            "Xã Xuân Đài",
            "Xã Minh Đài",
            "Xã Pà Cò",
        ),
        24,
    ),
    "may-tre": Theme(
        (("may-tre", 4), ("do-gia-dung-tre", 3), ("non-la", 1)),
        "Mây tre đan",
        "Thủ công mỹ nghệ",
        "Xưởng đan",
        "mây tre đan",
        (
            "Làm hàng mây tre đan thủ công, tạo việc làm cho lao động nông thôn lúc nông nhàn.",
            "Nhận đơn hàng xuất khẩu theo mẫu và làm hàng quà tặng cho doanh nghiệp.",
        ),
        (
            "Xã Cẩm Khê",
            "Xã Hùng Việt",
            "Xã Tam Nông",
            "Xã Hạ Hòa",
            "Xã Phú Khê",
            "Xã Tiên Lương",
            "Xã Văn Lang",
            "Xã Lâm Thao",
        ),
        36,
    ),
    "do-moc": Theme(
        (("do-moc-gia-dung", 2), ("do-moc-nho", 2), ("do-moc-my-nghe", 2)),
        "Mộc",
        "Đồ gỗ",
        "Xưởng mộc",
        "mộc",
        (
            "Xưởng mộc gia đình làm đồ gỗ dân dụng và đồ thờ theo đơn.",
            "Thợ có tay nghề lâu năm, nhận thiết kế theo yêu cầu.",
        ),
        (
            "Xã Lập Thạch",
            "Xã Bình Nguyên",
            "Xã Tam Dương",
            "Xã Yên Lạc",
            "Xã Hợp Lý",
            "Xã Sông Lô",
            "Xã Thái Hòa",
        ),
        12,
    ),
    "tho-cam": Theme(
        (("tho-cam", 4), ("may-tre", 1)),
        "Dệt thổ cẩm",
        "Thổ cẩm",
        "Thổ cẩm",
        "dệt thổ cẩm",
        (
            "Dệt thổ cẩm thủ công của phụ nữ dân tộc Mường, Dao, giữ hoa văn truyền thống.",
            "Bán tại bản và giao cho cửa hàng lưu niệm ở các điểm du lịch.",
        ),
        ("Xã Mai Châu", "Xã Tân Lạc", "Xã Đà Bắc", "Xã Pà Cò", "Xã Thanh Sơn", "Xã Tân Sơn"),
        8,
    ),
    "sinh-vat-canh": Theme(
        (("hoa", 3), ("cay-canh", 3), ("ca-canh", 1)),
        "Hoa cây cảnh",
        "Sinh vật cảnh",
        "Vườn cảnh",
        "hoa cây cảnh",
        (
            "Trồng hoa và cây cảnh phục vụ thị trường Tết và trang trí công trình.",
            "Vườn có khu trưng bày, khách đến chọn cây trực tiếp.",
        ),
        (
            "Phường Việt Trì",
            "Phường Vĩnh Yên",
            "Xã Vĩnh Tường",
            "Xã Yên Lạc",
            "Phường Phúc Yên",
            "Xã Tam Dương",
            "Phường Nông Trang",
            "Xã Đoan Hùng",
        ),
        20,
    ),
    "du-lich": Theme(
        (("tour", 3), ("diem", 2)),
        "Du lịch cộng đồng",
        "Du lịch sinh thái",
        "Homestay",
        "dịch vụ du lịch",
        (
            "Tổ chức du lịch cộng đồng và sinh thái, đón khách lưu trú tại nhà dân.",
            "Kết hợp tham quan làng nghề và thưởng thức sản vật địa phương.",
        ),
        (
            "Xã Long Cốc",
            "Xã Mai Châu",
            "Xã Tam Đảo",
            "Xã Kim Bôi",
            "Xã Thanh Thuỷ",
            "Xã Tân Sơn",
            "Xã Đà Bắc",
            "Xã Pà Cò",
            "Phường Việt Trì",
        ),
        15,
    ),
    "nong-san": Theme(
        (("rau", 3), ("so-che", 3), ("gao", 1), ("say-mut", 1)),
        "Dịch vụ nông nghiệp",
        "Nông sản",
        "Nông sản",
        "sơ chế nông sản",
        (
            "Thu mua, sơ chế và phân phối nông sản của bà con trong vùng.",
            "Có kho lạnh và xe tải nhỏ giao hàng cho bếp ăn, trường học.",
        ),
        (
            "Xã Phù Ninh",
            "Xã Tam Nông",
            "Xã Yên Lập",
            "Xã Cẩm Khê",
            "Xã Vĩnh Tường",
            "Xã Tam Đảo",
            "Xã Lâm Thao",
            "Xã Thanh Ba",
            "Xã Tân Lạc",
            "Xã Lạc Thủy",
        ),
        34,
    ),
    "thuc-pham": Theme(
        (("gia-vi-long", 2), ("gia-vi-kho", 2), ("bot", 2), ("nuoc", 2), ("say-mut", 1)),
        "Chế biến nông sản",
        "Thực phẩm",
        "Bếp",
        "chế biến thực phẩm",
        (
            "Chế biến gia vị, đồ uống và thực phẩm đóng gói từ nguyên liệu địa phương.",
            "Nhà xưởng đạt chứng nhận HACCP, sản phẩm có mã vạch và tem truy xuất.",
        ),
        (
            "Phường Việt Trì",
            "Phường Phú Thọ",
            "Phường Vĩnh Phúc",
            "Phường Phúc Yên",
            "Xã Lâm Thao",
            "Phường Âu Cơ",
            "Phường Phong Châu",
            "Xã Bình Xuyên",
            "Phường Xuân Hòa",
            "Phường Hòa Bình",
        ),
        16,
    ),
    "co-khi": Theme(
        (("co-khi", 3), ("dung-cu-ren", 2), ("cnnt-khac", 1)),
        "Cơ khí",
        "Cơ khí",
        "Xưởng cơ khí",
        "cơ khí",
        (
            "Chế tạo máy móc, dụng cụ nhỏ cho chế biến chè và nông sản.",
            "Bảo hành và sửa chữa tận nơi trong tỉnh.",
        ),
        (
            "Phường Phú Thọ",
            "Xã Vĩnh Tường",
            "Phường Phúc Yên",
            "Xã Thanh Ba",
            "Phường Thanh Miếu",
            "Xã Bình Xuyên",
        ),
        6,
    ),
    "sua": Theme(
        (("sua-tuoi", 2), ("sua-chua", 2)),
        "Bò sữa",
        "Sữa",
        "Trại bò sữa",
        "chăn nuôi bò sữa",
        (
            "Chăn nuôi bò sữa và chế biến sữa tươi, sữa chua tại trang trại.",
            "Sữa thanh trùng trong ngày, giao bằng xe lạnh.",
        ),
        ("Xã Vĩnh Tường", "Xã Yên Lạc", "Xã Tam Dương", "Xã Phù Ninh", "Xã Vĩnh An"),
        4,
    ),
}

# Sentences a storefront may add after its product descriptions.
OFFERS = (
    "Nhận đơn sỉ cho đại lý, siêu thị và bếp ăn tập thể.",
    "Giao hàng toàn quốc, hỗ trợ đóng gói làm quà biếu.",
    "Xuất hóa đơn VAT theo yêu cầu.",
    "Khách đặt số lượng lớn vui lòng gửi yêu cầu báo giá để có giá tốt.",
    "Có mặt tại các hội chợ OCOP của tỉnh, khách có thể xem hàng trực tiếp.",
)


@dataclass(frozen=True)
class Flagship:
    """A well-known product of the province, placed by hand (producer details invented)."""

    kind: str
    legal_name: str
    display_name: str
    commune: str
    theme: str
    product: str
    line: str  # for category and default attributes
    pack: int  # index into the line's packs
    price: int | None
    description: str
    stars: int | None  # OCOP stars of its (valid, verified) certificate; None: no certificate
    score: str = ""
    attrs: dict[str, str] = field(default_factory=dict)
    availability: str = "in_stock"
    person: str = ""  # owner's name for household and individual businesses
    intro: str = ""  # storefront description, when the theme's does not fit


FLAGSHIPS: tuple[Flagship, ...] = (
    Flagship(
        "cooperative",
        "Hợp tác xã Mì gạo Hùng Lô",
        "HTX Mì gạo Hùng Lô",
        "Phường Vân Phú",
        "gao",
        "Mì gạo Hùng Lô",
        "mi-gao",
        0,
        30_000,
        "Sợi mì tráng mỏng từ gạo tẻ ngâm qua đêm, phơi trên phên nứa theo cách làm của làng "
        "Hùng Lô. Sợi dai, không bở khi nấu, không dùng chất tẩy trắng hay chất bảo quản. Dùng "
        "nấu mì xào, mì nước hoặc ăn kèm lẩu.",
        5,
        "92.50",
        {"Thành phần": "Gạo tẻ, nước", "Hạn sử dụng": "12 tháng"},
    ),
    Flagship(
        "cooperative",
        "Hợp tác xã Chè búp tím Thanh Ba",
        "HTX Chè búp tím Thanh Ba",
        "Xã Thanh Ba",
        "che",
        "Chè búp tím Thanh Ba",
        "hong-tra",
        1,
        280_000,
        "Chè làm từ giống chè có búp màu tím đỏ, trồng trên đồi đất đỏ vàng ở Thanh Ba. Búp được "
        "vò và sao nhẹ lửa nên nước có màu vàng ánh hồng, vị chát nhẹ, hậu ngọt. Hộp 250 g có "
        "túi bạc giữ hương.",
        5,
        "91.00",
        {"Hạn sử dụng": "18 tháng"},
    ),
    Flagship(
        "enterprise",
        "Công ty TNHH Trà Hoài Trung",
        "Trà Hoài Trung",
        "Xã Phù Ninh",
        "che",
        "Trà đinh Hoài Trung",
        "hong-tra",
        0,
        350_000,
        "Trà đinh làm từ phần đỉnh búp non nhất, mỗi cân trà cần hàng chục cân búp tươi hái tay "
        "lúc sáng sớm. Sợi trà nhỏ, xoăn chặt như chiếc đinh, nước xanh trong và hương cốm non. "
        "Đóng hộp quà 100 g.",
        5,
        "93.25",
        {"Hạn sử dụng": "18 tháng", "Quy cách": "Hộp quà"},
    ),
    Flagship(
        "cooperative",
        "Hợp tác xã Bưởi Sửu Chí Đám",
        "HTX Bưởi Sửu Chí Đám",
        "Xã Chí Đám",
        "trai-cay",
        "Bưởi Sửu Chí Đám",
        "buoi",
        0,
        60_000,
        "Bưởi Sửu trồng trên đất bãi ven sông Lô, quả tròn, vỏ mỏng, tép vàng ngà. Vị ngọt "
        "thanh, hơi the nhẹ, để được lâu sau thu hoạch. Bán theo quả hoặc thùng quà dịp Tết.",
        4,
        "84.50",
        {"Mùa vụ": "Tháng 10 – tháng 1"},
        availability="seasonal",
    ),
    Flagship(
        "cooperative",
        "Hợp tác xã Hồng không hạt Gia Thanh",
        "HTX Hồng Gia Thanh",
        "Xã Phù Ninh",
        "trai-cay",
        "Hồng không hạt Gia Thanh",
        "qua-khac",
        0,
        55_000,
        "Hồng không hạt được ngâm chín theo cách truyền thống bằng nước lá, quả giòn, ngọt đậm "
        "và không chát. Những vườn hồng lâu năm chỉ cho quả vào khoảng tháng 9, tháng 10. Đóng "
        "thùng carton có lót lá chuối.",
        4,
        "78.00",
        {"Mùa vụ": "Tháng 9 – tháng 10"},
        availability="seasonal",
    ),
    Flagship(
        "enterprise",
        "Công ty Cổ phần Dược liệu Tam Đảo Xanh",
        "Dược liệu Tam Đảo Xanh",
        "Xã Tam Đảo",
        "duoc-lieu",
        "Đông trùng hạ thảo Tam Đảo",
        "tpcn",
        0,
        650_000,
        "Đông trùng hạ thảo nuôi cấy trong phòng sạch dưới chân núi Tam Đảo, sấy thăng hoa để "
        "giữ màu và hoạt chất. Dùng hãm trà, nấu canh hoặc ngâm mật ong. Sản phẩm không phải là "
        "thuốc và không có tác dụng thay thế thuốc chữa bệnh.",
        4,
        "81.00",
        {"Dạng": "Sấy thăng hoa", "Hạn sử dụng": "24 tháng"},
    ),
    Flagship(
        "cooperative",
        "Hợp tác xã Nông nghiệp Lâm Thao",
        "HTX Nông nghiệp Lâm Thao",
        "Xã Lâm Thao",
        "gao",
        "Mì gạo lứt Lâm Thao",
        "mi-gao",
        0,
        45_000,
        "Mì làm từ gạo lứt trồng trên cánh đồng Lâm Thao, giữ lớp cám nên sợi màu nâu và nhiều "
        "chất xơ. Phơi nắng tự nhiên, không chất bảo quản. Hợp với người ăn kiêng và bữa cơm gia "
        "đình.",
        3,
        "66.00",
        {"Thành phần": "Gạo lứt, nước", "Hạn sử dụng": "9 tháng"},
    ),
    Flagship(
        "household",
        "Hộ kinh doanh Bùi Văn Lực",
        "Trại ong Lực Thanh Thủy",
        "Xã Thanh Thuỷ",
        "mat-ong",
        "Mật ong rừng Thanh Thủy",
        "mat-ong",
        1,
        280_000,
        "Mật khai thác từ các đàn ong đặt ven rừng keo và rừng tự nhiên ở Thanh Thủy. Mật sánh, "
        "màu hổ phách, hương hoa rừng và có thể kết tinh khi trời lạnh. Chai thủy tinh 500 ml.",
        3,
        "62.50",
        {"Độ ẩm": "≤ 20%"},
        person="Bùi Văn Lực",
    ),
    Flagship(
        "cooperative",
        "Hợp tác xã Cá thính Đồng Nung",
        "HTX Cá thính Đồng Nung",
        "Xã Lâm Thao",
        "thuy-san",
        "Cá thính Đồng Nung",
        "ca-che-bien",
        2,
        320_000,
        "Cá trắm, cá chép ướp muối rồi trộn thính gạo rang và ủ trong chum theo công thức của "
        "làng Đồng Nung. Sau chừng hai tháng, thịt cá chắc, thơm mùi thính, ăn kèm lá sung và "
        "rau thơm. Bảo quản ngăn mát.",
        3,
        "68.00",
        {"Hạn sử dụng": "3 tháng"},
    ),
    Flagship(
        "household",
        "Hộ kinh doanh Đinh Thị Thơm",
        "Thịt chua Thơm Thanh Sơn",
        "Xã Thanh Sơn",
        "thit",
        "Thịt chua Thanh Sơn",
        "thit-che-bien",
        0,
        150_000,
        "Thịt lợn nuôi thả thái miếng, trộn thính gạo và lèn chặt trong ống nứa, ủ lên men tự "
        "nhiên theo cách của người Mường Thanh Sơn. Thịt có vị chua dịu, ăn kèm lá đinh lăng, lá "
        "sung. Bảo quản ngăn mát.",
        3,
        "64.00",
        {"Hạn sử dụng": "30 ngày"},
        person="Đinh Thị Thơm",
    ),
    Flagship(
        "cooperative",
        "Hợp tác xã Bưởi Đoan Hùng",
        "HTX Bưởi Đoan Hùng",
        "Xã Đoan Hùng",
        "trai-cay",
        "Bưởi Đoan Hùng",
        "buoi",
        1,
        450_000,
        "Bưởi trồng trong vùng chỉ dẫn địa lý Đoan Hùng, quả đều, vỏ mỏng, múi ráo nước. Tép "
        "bưởi giòn, vị ngọt mát, để được hai đến ba tháng. Nhận đặt thùng quà Tết và đơn hàng "
        "cho siêu thị.",
        4,
        "80.50",
        {"Mùa vụ": "Tháng 9 – tháng 1", "Chỉ dẫn địa lý": "Bưởi Đoan Hùng"},
        availability="seasonal",
    ),
    Flagship(
        "enterprise",
        "Công ty TNHH Tre Việt Xanh",
        "Tre Việt Xanh",
        "Xã Hạ Hòa",
        "may-tre",
        "Bộ thìa dĩa tre",
        "do-gia-dung-tre",
        0,
        85_000,
        "Bộ thìa, dĩa và đũa làm từ tre già, luộc, sấy chống mốc và đánh bóng bằng dầu thực vật. "
        "Dùng lại nhiều lần, thay cho đồ nhựa dùng một lần. Kèm túi vải mang theo.",
        3,
        "58.00",
        {"Chất liệu": "Tre tự nhiên"},
        intro="Làm đồ dùng bằng tre thay cho đồ nhựa dùng một lần, bán trong nước và xuất khẩu.",
    ),
    Flagship(
        "individual",
        "Cơ sở nón lá Kiều Thị Lụa",
        "Cơ sở nón lá Lụa Tam Nông",
        "Xã Tam Nông",
        "may-tre",
        "Nón lá chằm tay",
        "non-la",
        0,
        60_000,
        "Nón lá chằm tay từ lá cọ phơi trắng, vành tre chuốt mảnh, khâu chỉ cước bền màu. Mỗi "
        "chiếc nón qua hơn mười công đoạn. Nhận vẽ trang trí theo yêu cầu.",
        None,
        person="Kiều Thị Lụa",
        intro="Chằm nón lá thủ công, nhận làm nón trang trí cho cửa hàng lưu niệm và khách đoàn.",
    ),
    Flagship(
        "cooperative",
        "Hợp tác xã Mây tre đan Cẩm Khê",
        "HTX Mây tre đan Cẩm Khê",
        "Xã Cẩm Khê",
        "may-tre",
        "Giỏ mây tre đan Cẩm Khê",
        "may-tre",
        0,
        150_000,
        "Giỏ đan từ mây và giang rừng, sấy chống mốc, quét dầu bóng gốc nước. Dùng đựng hoa "
        "quả, đồ khô hoặc làm giỏ quà. Nhận đơn hàng xuất khẩu theo mẫu.",
        3,
        "61.00",
        {"Chất liệu": "Mây, giang"},
    ),
    Flagship(
        "household",
        "Hộ kinh doanh Tạ Văn Kiên",
        "Xưởng mộc Kiên Lập Thạch",
        "Xã Lập Thạch",
        "do-moc",
        "Bộ bàn trà gỗ xoan đào",
        "do-moc-gia-dung",
        1,
        None,
        "Bàn trà gỗ xoan đào đóng mộng, không dùng đinh, hoàn thiện bằng sơn PU mờ. Mặt bàn "
        "1,2 m × 0,6 m, kèm bốn ghế đẩu. Làm theo đơn, giao hàng trong tỉnh.",
        None,
        availability="preorder",
        person="Tạ Văn Kiên",
    ),
)
