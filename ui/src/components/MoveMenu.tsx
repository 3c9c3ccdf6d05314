import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Stage } from "../bindings";
import { useMenu } from "../hooks/useMenu";
import { stageName } from "../lib/labels";
import { Icon } from "./Icon";

/** The keyboard (and mouse) alternative to dragging a card: a menu of the pipeline's stages, opened on the
 * deal's current stage. */
export function MoveMenu({ stages, current, onMove, dealTitle }: { stages: Stage[]; current: number; onMove: (stageId: number) => void; dealTitle: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const menu = useMenu({
    open,
    setOpen,
    count: stages.length,
    pick: (i) => stages[i].id !== current && onMove(stages[i].id),
    startAt: () => Math.max(0, stages.findIndex((s) => s.id === current)),
  });

  return (
    <div className="move-menu" onClick={(e) => e.stopPropagation()} onKeyDown={(e) => e.stopPropagation()}>
      <button
        ref={menu.buttonRef}
        type="button"
        className="icon-button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-label={t("board.moveTo", { title: dealTitle })}
        title={`${t("board.moveToStage")} (Alt+←/→)`}
        onClick={() => setOpen(!open)}
      >
        <Icon name="more" />
      </button>
      {open && (
        <ul ref={menu.listRef} className="menu" role="menu" aria-label={t("board.moveToStage")} onKeyDown={menu.onKeyDown} onBlur={menu.onBlur}>
          {stages.map((s, i) => (
            <li key={s.id} {...menu.itemProps(i)} aria-current={s.id === current ? "true" : undefined}>
              {s.id === current && <Icon name="check" size={14} />} {stageName(t, s)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
