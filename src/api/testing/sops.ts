/** Small SOPs for API tests: two roles, a form with a phone field, a checklist, an SLA. */

export const REPAIR_V1 = `key: repair
version: 1
name: { zh: 报修, en: Repair }
industry: utilities
roles:
  - { id: advisor, name: { zh: 接待, en: Advisor } }
  - { id: technician, name: { zh: 技师, en: Technician } }
variables:
  - { id: plate, type: string, required: true, label: { en: Plate } }
nodes:
  - id: intake
    human: { zh: 接待登记, en: Intake }
    role: advisor
    sla: { due: 2 h }
    form:
      - { id: phone, label: { en: Phone }, type: phone, required: true }
      - { id: mileage, label: { en: Mileage }, type: integer, required: true, min: 0 }
    checklist:
      items:
        - { id: covers, text: { en: Seat covers }, required: true }
        - { id: umbrella, text: { en: Umbrella }, required: false }
  - id: fix
    human: { zh: 维修, en: Repair }
    role: technician
  - id: handover
    human: { zh: 交车, en: Handover }
    role: advisor
    assignment: { sameAs: intake }
  - id: done
    end: { zh: 完成, en: Done }
`;

/** Version 2: a quality check step added, the intake SLA shortened. */
export const REPAIR_V2 = REPAIR_V1.replace('version: 1', 'version: 2')
  .replace('sla: { due: 2 h }', 'sla: { due: 1 h }')
  .replace(
    '  - id: handover',
    `  - id: qc
    human: { en: Quality check }
    role: technician
  - id: handover`,
  );

/** A straight line of `n` steps of one role (the API benchmark's SOP). */
export function lineSop(n: number, key = 'line'): string {
  const steps = Array.from({ length: n }, (_, i) => `  - id: s${i + 1}\n    human: { en: Step ${i + 1} }\n    role: worker\n`).join('');
  return `key: ${key}\nversion: 1\nname: { en: ${n} steps }\nroles:\n  - { id: worker, name: { en: Worker } }\nvariables: []\nnodes:\n${steps}  - id: done\n    end: { en: Done }\n`;
}
