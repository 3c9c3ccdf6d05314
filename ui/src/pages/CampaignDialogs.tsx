// The campaign page's dialogs: add members from a segment, and send (the skip list shown before confirming).
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { AbReport, SendPlan, SendRequest, SendScope } from "../bindings";
import { api } from "../api/client";
import { Dialog } from "../components/Dialog";
import { SelectField } from "../components/Field";
import { useToast } from "../components/Toast";
import { useQuery } from "../hooks/useQuery";

export function AddMembersDialog({ campaignId, onClose }: { campaignId: number; onClose: () => void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const segments = useQuery(() => api.segmentsList(), "segments", ["segment"]);
  const [segment, setSegment] = useState("");
  const chosen = segment || String(segments.data?.[0]?.id ?? "");
  const add = async () => {
    try {
      const added = await api.campaignsAddMembers(campaignId, Number(chosen));
      toast.show(t("campaigns.membersAdded", { count: added }), { kind: "success" });
      onClose();
    } catch (e) {
      toast.error(e);
    }
  };
  return (
    <Dialog
      title={t("campaigns.addMembers")}
      onClose={onClose}
      testId="add-members-dialog"
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            {t("common.cancel")}
          </button>
          <button type="button" className="button button-primary" data-testid="add-members-confirm" disabled={!chosen} onClick={() => void add()}>
            {t("campaigns.addMembers")}
          </button>
        </>
      }
    >
      {segments.data && segments.data.length === 0 ? (
        <p>{t("campaigns.noSegments")}</p>
      ) : (
        <SelectField
          label={t("campaigns.segment")}
          name="segment_id"
          value={chosen}
          hint={t("campaigns.snapshotHint")}
          options={(segments.data ?? []).map((s) => ({ value: String(s.id), label: s.name }))}
          onChange={(e) => setSegment(e.target.value)}
        />
      )}
    </Dialog>
  );
}

/** What a send may cover: everything, or with an A/B test the test portion or the rest with one variant. */
function scopes(ab: AbReport | null): { value: string; scope: SendScope }[] {
  if (!ab) return [{ value: "all", scope: { kind: "all" } }];
  const rest = ab.variants.map((v) => ({ value: `rest-${v.variant}`, scope: { kind: "rest", variant: v.variant } as SendScope }));
  return [{ value: "test", scope: { kind: "test" } }, ...rest];
}

export function SendDialog({ campaignId, ab, onClose }: { campaignId: number; ab: AbReport | null; onClose: () => void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const templates = useQuery(() => api.templatesList(), "templates", ["template"]);
  const accounts = useQuery(() => api.mailAccountsList(), "mail-accounts", ["mail"]);
  const [template, setTemplate] = useState("");
  const [account, setAccount] = useState("");
  const options = scopes(ab);
  const [scope, setScope] = useState(ab?.winner != null ? `rest-${ab.winner}` : options[0].value);
  const [plan, setPlan] = useState<SendPlan | null>(null);
  const chosenTemplate = template || templates.data?.[0]?.name || "";
  const chosenAccount = account || String(accounts.data?.[0]?.id ?? "");

  const request = (dryRun: boolean): SendRequest => ({
    campaign_id: campaignId,
    template: ab ? null : chosenTemplate,
    account_id: chosenAccount ? Number(chosenAccount) : null,
    scope: options.find((o) => o.value === scope)?.scope ?? { kind: "all" },
    dry_run: dryRun,
  });
  const check = async () => {
    try {
      setPlan(await api.campaignsSend(request(true)));
    } catch (e) {
      toast.error(e);
    }
  };
  const send = async () => {
    try {
      const done = await api.campaignsSend(request(false));
      toast.show(t("campaigns.queued", { count: done.queued }), { kind: "success" });
      onClose();
    } catch (e) {
      toast.error(e);
    }
  };
  const scopeLabel = (value: string) => {
    if (value === "all") return t("campaigns.scopeAll");
    if (value === "test") return t("campaigns.scopeTest");
    return t("campaigns.scopeRest", { variant: Number(value.slice(5)) + 1 });
  };

  return (
    <Dialog
      title={t("campaigns.send")}
      onClose={onClose}
      testId="send-dialog"
      size="large"
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            {t("common.cancel")}
          </button>
          {plan ? (
            <button type="button" className="button button-primary" data-testid="send-confirm" disabled={plan.recipients.length === 0} onClick={() => void send()}>
              {t("campaigns.sendTo", { count: plan.recipients.length })}
            </button>
          ) : (
            <button type="button" className="button button-primary" data-testid="send-check" onClick={() => void check()}>
              {t("campaigns.checkRecipients")}
            </button>
          )}
        </>
      }
    >
      {!ab && (
        <SelectField
          label={t("campaigns.template")}
          name="template"
          value={chosenTemplate}
          options={(templates.data ?? []).map((x) => ({ value: x.name, label: x.name }))}
          onChange={(e) => {
            setTemplate(e.target.value);
            setPlan(null);
          }}
        />
      )}
      {ab && (
        <SelectField
          label={t("campaigns.scope")}
          name="scope"
          value={scope}
          options={options.map((o) => ({ value: o.value, label: scopeLabel(o.value) }))}
          onChange={(e) => {
            setScope(e.target.value);
            setPlan(null);
          }}
        />
      )}
      <SelectField
        label={t("campaigns.account")}
        name="account_id"
        value={chosenAccount}
        options={(accounts.data ?? []).map((a) => ({ value: String(a.id), label: `${a.name} <${a.address}>` }))}
        onChange={(e) => setAccount(e.target.value)}
      />
      {plan && (
        <div data-testid="send-plan">
          <p data-testid="send-summary">
            {t("campaigns.planSummary", { count: plan.recipients.length, skipped: plan.skipped.length, already: plan.already_sent })}
          </p>
          {plan.skipped.length > 0 && (
            <div className="skip-list-wrap">
            <table className="simple-table" data-testid="skip-list">
              <thead>
                <tr>
                  <th>{t("campaigns.person")}</th>
                  <th>{t("campaigns.reason")}</th>
                </tr>
              </thead>
              <tbody>
                {plan.skipped.map((s) => (
                  <tr key={s.person_id} data-testid="skip-row">
                    <td>{s.name}</td>
                    <td>{t(`campaigns.skip.${s.reason}`)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            </div>
          )}
        </div>
      )}
    </Dialog>
  );
}
