import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Stage } from "../bindings";
import { stageName } from "../lib/labels";
import { Icon } from "./Icon";

/** The keyboard (and mouse) alternative to dragging a card: a menu of the pipeline's stages. */
export function MoveMenu({ stages, current, onMove, dealTitle }: { stages: Stage[]; current: number; onMove: (stageId: number) => void; dealTitle: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const listRef = useRef<HTMLUListElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (open) listRef.current?.querySelectorAll<HTMLElement>("[role=menuitem]")[active]?.focus();
  }, [open, active]);

  const close = () => {
    setOpen(false);
    buttonRef.current?.focus();
  };

  return (
    <div className="move-menu" onClick={(e) => e.stopPropagation()} onKeyDown={(e) => e.stopPropagation()}>
      <button
        ref={buttonRef}
        type="button"
        className="icon-button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-label={t("board.moveTo", { title: dealTitle })}
        title={`${t("board.moveToStage")} (Alt+←/→)`}
        onClick={() => {
          setActive(Math.max(0, stages.findIndex((s) => s.id === current)));
          setOpen((o) => !o);
        }}
      >
        <Icon name="more" />
      </button>
      {open && (
        <ul
          ref={listRef}
          className="menu"
          role="menu"
          aria-label={t("board.moveToStage")}
          onKeyDown={(e) => {
            if (e.key === "ArrowDown") setActive((a) => (a + 1) % stages.length);
            else if (e.key === "ArrowUp") setActive((a) => (a + stages.length - 1) % stages.length);
            else if (e.key === "Escape" || e.key === "Tab") close();
            else return;
            e.preventDefault();
          }}
          onBlur={(e) => !e.currentTarget.contains(e.relatedTarget as Node) && setOpen(false)}
        >
          {stages.map((s, i) => (
            <li
              key={s.id}
              role="menuitem"
              tabIndex={i === active ? 0 : -1}
              aria-current={s.id === current ? "true" : undefined}
              onClick={() => {
                close();
                if (s.id !== current) onMove(s.id);
              }}
              onKeyDown={(e) => {
                if (e.key === "Enter" || e.key === " ") {
                  e.preventDefault();
                  close();
                  if (s.id !== current) onMove(s.id);
                }
              }}
            >
              {s.id === current && <Icon name="check" size={14} />} {stageName(t, s)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
