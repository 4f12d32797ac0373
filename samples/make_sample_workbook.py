"""Build samples/dealbrain_sample.xlsx: five sheets with the mess real exports have.

Run `python samples/make_sample_workbook.py` to regenerate the committed file.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from openpyxl import Workbook

CPUS = [
    ["Deal Brain CPU export — November 2026"],
    [],
    ["CPU Name", "Manufacturer", "Socket", "Cores", "Threads", "TDP", "iGPU", "CPU Mark", "Single Thread Mark", "Release Year", "L3 Cache (MB)"],
    ["Intel Core i7-8700", "Intel", "LGA1151", 6, 12, "65 W", "Intel UHD Graphics 630", "13,875", 2630, 2017, 12],
    ["AMD Ryzen 5 5600G", "AMD", "AM4", "6", "12", "65W", "Radeon Vega 7", 20650, "3,215", 2021, 16],
    ["Intel Core i5-12400", "Intel", "LGA1700", 6, 12, 65, "Intel UHD Graphics 730", "19,531", "3,480", 2022, 18],
    [],
    ["Intel Core i3-10100T", "Intel", "LGA1200", 4, 8, "35 W", "Intel UHD Graphics 630", "8,650", "2,560", "NA", 6],
    ["AMD Ryzen 7 5700G", "AMD", "AM4", 8, 16, "65 W", "Radeon Vega 8", "24,620", "3,280", 2021, 16],
]
GPUS = [
    ["GPU Name", "Manufacturer", "G3D Mark", "Metal Score", "Notes"],
    ["NVIDIA GeForce RTX 3060", "NVIDIA", "19,000", 43000, "Ampere mid-range"],
    ["AMD Radeon RX 6600", "AMD", 16500, "36,000", "RDNA2"],
    ["NVIDIA GeForce GTX 1650 Low Profile", "NVIDIA", "7,850", "N/A", "Fits SFF cases"],
]
PORTS = [
    ["Profile Name", "Description", "Ports"],
    ["Baseline SFF", "Balanced mix for compact systems", "usb_a x4, usb_c x2 (USB 3.2 Gen2), hdmi x1, rj45_2_5g x1"],
    ["Media Hub", "Expanded video outputs", '[{"type": "usb_a", "count": 6}, {"type": "displayport", "count": 2}, {"type": "hdmi", "count": 2}]'],
]
RULES = [
    ["Rule Name", "Component Type", "Metric", "Unit Value (USD)", "New Multiplier", "Refurb Multiplier", "Used Multiplier"],
    ["RAM per GB", "RAM", "per_gb", "$2.50", 1.0, 0.85, 0.7],
    ["SSD per TB", "Storage", "per_tb", "$45.00", 1.0, 0.8, 0.65],
    ["CPU Mark per 1000", "cpu", "per_1000_cpumark", "$3.60", 1.0, 0.9, 0.75],
]
LISTINGS = [
    ["Title", "Price", "Condition", "CPU", "GPU", "RAM", "Storage", "Storage Type", "OS", "Ports Profile", "Listed On"],
    ["Refurbished OptiPlex 7060 SFF", "$320.00", "Refurb", "Intel Core i7-8700", "NVIDIA GeForce GTX 1650 Low Profile", "32GB", "512 GB", "NVMe SSD", "Windows 11 Pro", "Baseline SFF", date(2026, 10, 3)],
    ["Beelink SER5 Mini PC", "$1,064.00*", "new", "AMD Ryzen 7 5700G", None, "16 GB", "1 TB", "NVMe SSD", "Windows 11 Home", "Media Hub", date(2026, 11, 12)],
    ["Lenovo M70q Tiny", "289", "USED", "Intel Core i5-12400", "", "16GB", "256", "SATA SSD", "-", "Baseline SFF", date(2026, 9, 28)],
]


def build(path: Path) -> Path:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in (("CPUs", CPUS), ("GPUs", GPUS), ("Ports Profiles", PORTS), ("Valuation Rules", RULES), ("Listings", LISTINGS)):
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("samples/dealbrain_sample.xlsx")
    print(build(target))
