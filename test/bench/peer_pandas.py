"""The script a user would otherwise write (issue 18's peer for `okno load` + `okno report monthly`).

Reads an amoCRM deal export (UTF-8 CSV, «,»), keeps the consultations held in one month (the held stages, the
«Дата консультации» in that month), and writes consultations, minutes and clients by project, consultant and topic
to an XLSX, one sheet each.

    python3 peer_pandas.py <export.csv> <YYYY-MM> <out.xlsx>
"""
import sys

import pandas as pd

HELD = {"Консультация проведена", "Запрошена обратная связь", "Успешно завершённые"}


def main(export: str, month: str, out: str) -> None:
    columns = ["Этап сделки", "Дата консультации", "Продолжительность (мин)", "Проект", "Консультант",
               "Тема консультации", "Компания", "Компания контакта"]
    df = pd.read_csv(export, usecols=columns, dtype=str)
    df = df[df["Этап сделки"].isin(HELD)]
    when = pd.to_datetime(df["Дата консультации"], format="%d.%m.%Y %H:%M:%S", errors="coerce")
    df = df[when.dt.strftime("%Y-%m") == month].copy()
    df["minutes"] = pd.to_numeric(df["Продолжительность (мин)"].str.replace(",", "."), errors="coerce")
    df["client"] = df["Компания"].fillna(df["Компания контакта"]).str.strip().str.lower()
    with pd.ExcelWriter(out) as xlsx:
        for column, sheet in [("Проект", "Проекты"), ("Консультант", "Консультанты"), ("Тема консультации", "Темы")]:
            table = df.fillna({column: "не указано"}).groupby(column).agg(
                consultations=("minutes", "size"), minutes=("minutes", "sum"), clients=("client", "nunique"),
            ).sort_values("consultations", ascending=False)
            table.to_excel(xlsx, sheet_name=sheet)


if __name__ == "__main__":
    main(*sys.argv[1:4])
