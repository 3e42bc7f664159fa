// What the receipt printer did, in words: "Printed on the front printer",
// "Copy printed on …", with " · drawer open" when the print kicked it.

import { t } from "./i18n/locale.svelte";

export function printedOn(out: { copy: boolean; printer: string; drawerOpened?: boolean }): string {
  const done = t(out.copy ? "print.copyPrinted" : "print.printed", { printer: out.printer });
  return out.drawerOpened ? done + t("print.drawerOpen") : done;
}
