/**
 * A bilingual SOP for the browser tests, screenshots and the inbox benchmark: every text in
 * Chinese and English, so a page in either language has no authored text in the other.
 * Reception has a script, a checklist and a form (a bounded integer, a required text, a
 * signature, an optional photo); then an inspection by a technician and a follow-up call
 * with a satisfaction score.
 */
export const DEMO_SOP = `key: car-service
version: 1
name: { zh: 汽车保养服务, en: Car service visit }
description:
  zh: 接车、检查、交车与回访，服务顾问全程负责。
  en: Reception, inspection, handover and a follow-up call, one advisor end to end.
industry: automotive
roles:
  - { id: advisor, name: { zh: 服务顾问, en: Service advisor } }
  - { id: technician, name: { zh: 维修技师, en: Technician } }
  - { id: care, name: { zh: 客服专员, en: Customer care } }
variables:
  - { id: plate, type: string, required: true, label: { zh: 车牌号, en: Plate number } }
nodes:
  - id: reception
    human: { zh: 接车登记, en: Vehicle reception }
    role: advisor
    touchpoint: true
    sla: { due: 30 min, warning: 0.8 }
    script:
      - { zh: 您好，欢迎光临！请问今天需要做什么服务？, en: Welcome! What can we do for your car today? }
      - say: { zh: 主动为客户撑伞, en: Hold an umbrella for the customer }
        when: { zh: 雨雪天气, en: it rains or snows }
    checklist:
      items:
        - { id: covers, text: { zh: 套好车辆四件套, en: Fit the four protective covers }, required: true }
        - { id: walkaround, text: { zh: 与客户一起环车检查, en: Walk around the car with the customer }, required: true }
        - { id: water, text: { zh: 为客户送上饮品, en: Offer the customer a drink }, required: false }
    form:
      - { id: mileage, label: { zh: 里程（公里）, en: Mileage (km) }, type: integer, required: true, min: 0, max: 2000000 }
      - { id: concern, label: { zh: 客户描述, en: "Customer's description" }, type: longText, required: true }
      - { id: photo, label: { zh: 车身照片, en: Body photo }, type: photo, required: false }
      - { id: signature, label: { zh: 客户签字, en: Customer signature }, type: signature, required: true }
  - id: inspection
    human: { zh: 车辆检查, en: Inspection }
    role: technician
    sla: { due: 2 h }
    checklist:
      items:
        - { id: brakes, text: { zh: 检查刹车, en: Check the brakes }, required: true }
        - { id: tyres, text: { zh: 检查轮胎, en: Check the tyres }, required: true }
      onFail: record
    form:
      - { id: findings, label: { zh: 检查结果, en: Findings }, type: longText, required: true }
  - id: handover
    human: { zh: 交车, en: Handover }
    role: advisor
    assignment: { sameAs: reception }
    sla: { due: 1 h }
  - id: follow-up
    human: { zh: 回访, en: Follow-up call }
    role: care
    sla: { due: 1 day }
    script:
      - { zh: 您好，请问这次服务您满意吗？, en: "Hello, were you happy with our service?" }
    form:
      - { id: satisfaction, label: { zh: 满意度（1-5）, en: Satisfaction (1-5) }, type: integer, required: true, min: 1, max: 5 }
  - id: done
    end: { zh: 服务完成, en: Service complete }
`;
