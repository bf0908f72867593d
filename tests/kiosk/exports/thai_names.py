"""Realistic Thai full names for text-layer tests: tone marks, sara am, stacked marks, long surnames.

Given names and surname parts are common real ones; a surname is one to three parts
(ศรี + สุวรรณ + ชาติ), as Thai surnames are built, so long ones (up to about 20
letters) occur. Every name carries at least one of the marks that a PDF text layer
loses when it gets shaping wrong: the tone marks ่ ้ ๊ ๋, sara am ำ (often with a tone:
น้ำ, ค้ำ), the above vowels ั ิ ี ึ ื, the below vowels ุ ู, and the thanthakhat ์.
"""

from __future__ import annotations

import random

# fmt: off
TITLES = ("นาย", "นาง", "นางสาว", "เด็กชาย", "เด็กหญิง", "พระ", "ว่าที่ร้อยตรี")

GIVEN = (
    "สมชาย", "สมศักดิ์", "ประเสริฐ", "บุญเรือน", "น้ำฝน", "น้ำค้าง", "น้ำทิพย์", "อำไพ", "อำนาจ", "กำไล",
    "คำปุ่น", "คำพั่ว", "ทองคำ", "ปิ่นแก้ว", "ปิ่นทอง", "ช่อผกา", "ศุภชัย", "สุนันทา", "วิไลวรรณ", "นงลักษณ์",
    "กิตติศักดิ์", "ศักดิ์ชัย", "พิมพ์ใจ", "ขวัญใจ", "ขวัญเรือน", "จุฑาทิพย์", "ณัฐพงษ์", "ธนพร", "ธีรวัฒน์", "ปัทมา",
    "พรทิพย์", "ยุพิน", "รัชนี", "ลำดวน", "ลำพึง", "สำราญ", "สำเนียง", "จำเนียร", "จำปี", "ดำรง",
    "บุญส่ง", "บุญช่วย", "เกื้อกูล", "ชื่นจิต", "ชื่นชม", "ฟื้น", "ปึ้ง", "ผึ้ง", "อึ่ง", "คึกฤทธิ์",
    "ทิพวรรณ", "ปู่ทอง", "ย่าหมัด", "จ๋อง", "ต๊ะ", "ก๋วย", "เจ๊ก", "โก๋", "แป๋ว", "ป๊อป",
    "ไก่", "แก้ว", "แก้วตา", "ก้อย", "น้อย", "หน่อย", "ต้อม", "ปุ้ย", "อุ๋ย", "ตุ๊ก",
    "สุพัตรา", "อุไรวรรณ", "ภูมิพัฒน์", "ฤทัย", "ฤดี", "ศิริพร", "ศรีสุดา", "จิ้มลิ้ม", "ยิ้ม", "อิ่ม",
    "เพ็ญศรี", "เสาวลักษณ์", "เยาวลักษณ์", "เบญจมาศ", "เพิ่มพูน", "ถนอม", "เฉลิม", "ชำนาญ", "กำพล", "คำรณ",
    "ทำนุ", "ประจำ", "ฉ่ำ", "ล้ำเลิศ", "งามพิศ", "บัวผัน", "บัวเขียว", "มะลิ", "ดวงใจ", "ดวงเดือน",
    "พัชรินทร์", "สุวิทย์", "วีระพงษ์", "อนุชา", "ชูชาติ", "ปู", "ปุ๊", "หนูนา", "ตุ่น", "ลั่นทม",
)

SURNAME_PARTS = (
    "ศรี", "สุวรรณ", "ชาติ", "วงศ์", "ใหญ่", "ทอง", "คำ", "ใจ", "ดี", "แก้ว",
    "มณี", "รัตน์", "พุ่ม", "พวง", "จันทร์", "เพ็ญ", "ชื่น", "ชม", "น้ำ", "ใส",
    "บุญ", "มา", "พิทักษ์", "ธรรม", "ภูมิ", "ชัย", "มงคล", "สวัสดิ์", "เจริญ", "สุข",
    "ก้าว", "หน้า", "ศักดิ์", "สิทธิ์", "ปั้น", "ฝั่ง", "โข่ง", "เหลื่อม", "ล้ำ", "เลิศ",
    "อำนวย", "ผล", "กิ่ง", "ไม้", "ฟ้า", "ร่ม", "เย็น", "ทุ่ง", "กุลา", "ร้องไห้",
    "ป่า", "ตึง", "ต้น", "ยาง", "ฉ่ำ", "ไพร", "ท่า", "ช้าง", "ม่วง", "ค้ำ",
)


# fmt: on


def thai_names(count: int, *, seed: int = 13) -> list[str]:
    """``count`` different full names (title, given name, a space, a surname), always the same for a seed."""
    rng = random.Random(seed)
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < count:
        parts = rng.choices(SURNAME_PARTS, k=rng.choices((1, 2, 3), weights=(3, 5, 2))[0])
        surname = "".join(parts)
        name = f"{rng.choice(TITLES)}{rng.choice(GIVEN)} {surname}"
        if name not in seen:
            seen.add(name)
            names.append(name)
    return names
