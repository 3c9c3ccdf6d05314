import { useTranslation } from "react-i18next";
import type { MailTestReport, ServerCheck } from "../bindings";
import { formatFingerprint } from "../lib/mail";
import { Icon } from "./Icon";

type Props = { report: MailTestReport; busy: boolean; onTrust: (server: "imap" | "smtp", fingerprint: string) => void };

/** Each server's result of "Test connection": ok, or the failed step in words with the server's reason;
 * a refused certificate shows its fingerprint and a "Trust this certificate" action. */
export function MailTestResult({ report, busy, onTrust }: Props) {
  const servers: ["imap" | "smtp", ServerCheck | null][] = [
    ["imap", report.imap],
    ["smtp", report.smtp],
  ];
  return (
    <ul className="mail-test" data-testid="mail-test-result">
      {servers.map(([server, check]) => (
        <Row key={server} server={server} check={check} busy={busy} onTrust={onTrust} />
      ))}
    </ul>
  );
}

function Row({ server, check, busy, onTrust }: { server: "imap" | "smtp"; check: ServerCheck | null; busy: boolean; onTrust: Props["onTrust"] }) {
  const { t } = useTranslation();
  const label = t(`mail.server.${server}`);
  if (!check) {
    return (
      <li className="mail-test-row" data-testid={`mail-test-${server}`}>
        <span className="badge badge-neutral">{label}</span> <span className="muted">{t("mail.test.notChecked")}</span>
      </li>
    );
  }
  if (check.ok) {
    return (
      <li className="mail-test-row is-ok" data-testid={`mail-test-${server}`} data-ok="true">
        <span className="badge badge-success">
          <Icon name="check" size={12} /> {label}
        </span>{" "}
        {t("mail.test.ok")}
      </li>
    );
  }
  return (
    <li className="mail-test-row is-failed" data-testid={`mail-test-${server}`} data-ok="false" data-step={check.failed_step ?? ""}>
      <div>
        <span className="badge badge-danger">
          <Icon name="close" size={12} /> {label}
        </span>{" "}
        <span className="strong">{check.failed_step ? t("mail.test.failedAt", { step: t(`mail.step.${check.failed_step}`) }) : t("mail.test.failed")}</span>
      </div>
      {check.error && <p className="small">{t(`errors.general.${check.error.code}`)}</p>}
      {check.error?.message && <p className="muted small selectable mono mail-test-detail">{check.error.message}</p>}
      {check.fingerprint && (
        <div className="mail-fingerprint">
          <p className="small">{t("mail.test.fingerprint")}</p>
          <p className="mono small selectable" data-testid={`mail-fingerprint-${server}`}>
            SHA-256 {formatFingerprint(check.fingerprint)}
          </p>
          <button type="button" className="button" disabled={busy} data-testid={`mail-trust-${server}`} onClick={() => onTrust(server, check.fingerprint!)}>
            <Icon name="check" /> {t("mail.test.trust")}
          </button>
        </div>
      )}
    </li>
  );
}
