import type { PanelSection } from '../../shared/agent-events.js';

type Field = PanelSection['fields'][number];

/** The flow's contact panel (000 panel_config): sections in order, in 1 or 2 columns, collapsible ones as disclosures. */
export function PanelSections({ sections }: { sections: readonly PanelSection[] }) {
  return (
    <>
      {sections.map((section) => {
        const fields = (
          <dl class={`fields columns-${section.columns}`}>
            {section.fields.map((field) => (
              <div key={field.key} class="field">
                <dt>{field.label}</dt>
                <dd>
                  <FieldValue field={field} />
                </dd>
              </div>
            ))}
          </dl>
        );
        return section.collapsible ? (
          <details key={section.id} class="panel-section" open={!section.defaultCollapsed} data-section={section.id}>
            <summary>{section.label}</summary>
            {fields}
          </details>
        ) : (
          <section key={section.id} class="panel-section" aria-label={section.label} data-section={section.id}>
            <h3>{section.label}</h3>
            {fields}
          </section>
        );
      })}
    </>
  );
}

function FieldValue({ field }: { field: Field }) {
  if (field.value === null || field.value === '') return <span class="muted">—</span>;
  if (field.displayType === 'text') return <span class="field-text">{field.value}</span>;
  return <span class={`${field.displayType} color-${field.color}`}>{field.value}</span>;
}

/** Session variables as they are, for flows without a panel_config. */
export function VariableList({ variables }: { variables: Record<string, string> }) {
  const entries = Object.entries(variables);
  if (entries.length === 0) return <p class="muted">No session variables.</p>;
  return (
    <dl class="fields columns-1">
      {entries.map(([key, value]) => (
        <div key={key} class="field">
          <dt>{key}</dt>
          <dd class="field-text">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
