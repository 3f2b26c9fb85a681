import { useState } from 'preact/hooks';
import type { ConversationSummary } from '../../shared/agent-events.js';
import { contactName, elapsed, stateLabel } from '../rules/inbox.js';
import type { OpenConversation } from '../state/console-state.js';
import { useConsole } from './console-context.js';
import { formatWhen, NotesList } from './NotesList.js';
import { PanelSections, VariableList } from './PanelSections.js';
import { initials } from './TopBar.js';

export interface DetailsPanelProps {
  open: OpenConversation;
  row: ConversationSummary;
}

/** The side panel: who the visitor is, where the conversation stands (assign, transfer), the flow's panel, notes. */
export function DetailsPanel({ open, row }: DetailsPanelProps) {
  const { state } = useConsole();
  const meId = state.me.value?.id ?? '';
  const { contact } = row;
  const contactFields: Array<[string, string | null]> = [
    ['Email', contact.email],
    ['Phone', contact.phone],
    ['External id', contact.externalId],
    // What the page says about a visitor is a claim until the site proves the id (user_hash).
    ['Identity', contact.verified ? 'Verified by the site' : 'Not verified'],
  ];
  return (
    <aside class="details" id="details" aria-labelledby="details-title">
      <div class="details-head">
        <button type="button" class="back" onClick={() => (state.screen.value = 'conversation')}>
          <span aria-hidden="true">←</span> Back to the conversation
        </button>
      </div>
      <section class="contact-card" aria-labelledby="details-title">
        <span class="avatar-initials large" aria-hidden="true">
          {initials(contactName(row))}
        </span>
        <h2 id="details-title">{contactName(row)}</h2>
        <dl class="contact-fields">
          {contactFields.map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>{value || <span class="muted">—</span>}</dd>
            </div>
          ))}
        </dl>
      </section>

      <section class="details-section" aria-labelledby="state-title">
        <h3 id="state-title">Conversation</h3>
        <dl class="contact-fields">
          <div>
            <dt>Status</dt>
            <dd>
              <span class={`badge state-${row.state}`}>{stateLabel(row, meId)}</span>
            </dd>
          </div>
          <div>
            <dt>Started</dt>
            <dd>{formatWhen(row.createdAt)}</dd>
          </div>
          {row.transfer && (
            <div>
              <dt>Handed over</dt>
              <dd>
                {elapsed(row.transfer.transferredAt, state.now.value)} ago{row.transfer.teamName ? ` to ${row.transfer.teamName}` : ''}
              </dd>
            </div>
          )}
          {row.queuePosition !== null && (
            <div>
              <dt>In line</dt>
              <dd>#{row.queuePosition}</dd>
            </div>
          )}
        </dl>
        {row.state !== 'ended' && <AssignControls row={row} />}
      </section>

      {(open.panel.length > 0 || Object.keys(open.variables).length > 0) && (
        <section class="details-section" aria-labelledby="panel-title">
          <h3 id="panel-title">Session</h3>
          {open.panel.length > 0 ? <PanelSections sections={open.panel} /> : <VariableList variables={open.variables} />}
        </section>
      )}

      <section class="details-section" aria-labelledby="notes-title">
        <h3 id="notes-title">Notes</h3>
        <NotesList notes={open.notes} />
      </section>
    </aside>
  );
}

/** Give the conversation to an agent, or send it to a team's queue. */
function AssignControls({ row }: { row: ConversationSummary }) {
  const { state, controller } = useConsole();
  const agents = state.agents.value;
  const teams = state.teams.value;
  const [agentId, setAgentId] = useState('');
  const [teamId, setTeamId] = useState('');
  const assigned = row.transfer?.agentId ?? '';
  return (
    <div class="assign">
      <form
        class="inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          const target = agentId || agents[0]?.id;
          if (target) void controller.assign(row.id, target);
        }}
      >
        <label for="assign-agent">Assign to</label>
        <div class="inline-controls">
          <select id="assign-agent" value={agentId || assigned} onChange={(event) => setAgentId(event.currentTarget.value)}>
            {!assigned && !agentId && <option value="">Choose an agent</option>}
            {agents.map((agent) => (
              <option key={agent.id} value={agent.id}>
                {agent.name} ({agent.status}, {agent.chats} {agent.chats === 1 ? 'chat' : 'chats'})
              </option>
            ))}
          </select>
          <button type="submit" class="button" disabled={!(agentId || assigned) || (agentId || assigned) === assigned}>
            Assign
          </button>
        </div>
      </form>
      <form
        class="inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          void controller.transfer(row.id, teamId || null);
        }}
      >
        <label for="transfer-team">Transfer to</label>
        <div class="inline-controls">
          <select id="transfer-team" value={teamId} onChange={(event) => setTeamId(event.currentTarget.value)}>
            <option value="">General queue</option>
            {teams.map((team) => (
              <option key={team.id} value={team.id}>
                {team.name}
              </option>
            ))}
          </select>
          <button type="submit" class="button">
            Transfer
          </button>
        </div>
      </form>
    </div>
  );
}
