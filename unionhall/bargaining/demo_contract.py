"""The demo local's contract: an invented 2024–2027 agreement between the local and its school
district, written as plain text in the contract's own form, imported through the import action
as the system would, and put in force.

Its numbering is what the other demo parts may cite: Article 7 is Leaves (7.1–7.10),
Article 9 Transportation, Article 12 the Grievance Procedure (12.3 its steps, 12.5 its time
limits), Article 13 Seniority and Layoff. Every name, rate and date is invented."""

import datetime as dt
import re

from unionhall.bargaining.actions.contract import import_contract, put_in_force
from unionhall.bargaining.models import Contract

NAME = "2024–2027"
STARTS_ON = dt.date(2024, 7, 1)
ENDS_ON = dt.date(2027, 6, 30)

TEXT = """\
This Agreement is made between the Board of Education of the {district} (the "District") and the
{union} (the "Association"). The parties agree that students are best served when the people who
drive the buses, work beside teachers in classrooms, keep the buildings clean and safe, feed the
students and run the offices are treated fairly, paid fairly, and have a voice in their work.

ARTICLE 1 – RECOGNITION

1.1 Bargaining Unit
The District recognizes the Association as the sole and exclusive bargaining representative of
all regular full-time and part-time education support professionals employed by the District:
paraeducators, instructional assistants, bus drivers, bus attendants, mechanics, custodians,
maintenance workers, food service workers, clerical and secretarial employees, health
assistants and campus security officers.

1.2 Exclusions
Excluded from the unit are supervisors, confidential employees of the Superintendent's office
and of Human Resources, substitutes who have worked fewer than thirty (30) days in the school
year, and student workers.

1.3 New Positions
When the District creates a new support position it shall tell the Association in writing
within ten (10) working days, with the job description and the proposed rate of pay. If the
parties do not agree whether the position belongs in the unit, either may ask the state labor
relations board to decide.

ARTICLE 2 – DEFINITIONS

2.1 Employee
"Employee" means a member of the bargaining unit described in Article 1.

2.2 Working Day
A "working day" is a day the District's central office is open, Monday through Friday, not
counting holidays and the winter and spring breaks.

2.3 Work Year
An employee's "work year" is the number of days assigned to the position: 180, 190, 200, 220
or 260 days. The "school year" is the student calendar adopted by the Board.

2.4 Immediate Family
"Immediate family" means the employee's spouse or domestic partner, child, stepchild, foster
child, parent, stepparent, sibling, grandparent and grandchild, the same relatives of the
spouse or domestic partner, and anyone who lives in the employee's household.

2.5 Seniority
"Seniority" has the meaning given in Section 13.1.

ARTICLE 3 – ASSOCIATION RIGHTS

3.1 Access to Worksites
Association representatives may visit any worksite to meet with employees before and after
work and during breaks and lunch, after letting the office know they are in the building.

3.2 New Employee Orientation
The Association shall have thirty (30) minutes on paid time at every orientation of new
employees. The District shall give the Association each new employee's name, position,
worksite and work contact information within five (5) working days of hire.

3.3 Bulletin Boards and Email
The Association may post notices on a bulletin board in every staff room and may use the
District's email to tell employees about meetings, elections and Association business.

3.4 Association Leave
Officers and stewards named by the Association may use up to twenty (20) days a year in all
of paid leave for Association business, if the Association asks five (5) working days ahead.
The Association repays the cost of any substitute.

3.5 Information
Each month the District shall send the Association a list of all employees with their
classification, worksite, work year, step, hourly rate and date of hire.

3.6 Dues Deduction
The District shall deduct Association dues from the pay of each employee who authorizes it,
and send the dues and a list of the deductions to the Association within ten (10) days of
each payday.

ARTICLE 4 – DISTRICT RIGHTS

4.1 Rights of the District
The District keeps the right to direct its operations, to set the school calendar, to hire,
assign and promote employees, and to discipline them for just cause, within the terms of this
Agreement.

4.2 Effect of This Agreement
Nothing in this Article allows the District to change a term of this Agreement, or a practice
on wages, hours or working conditions, without bargaining with the Association.

ARTICLE 5 – HOURS OF WORK AND OVERTIME

5.1 Workweek
The regular workweek of a full-time employee is forty (40) hours, Monday through Friday, of
eight (8) hours a day. Work schedules are posted at each worksite by August 15.

5.2 Meal and Rest Periods
An employee who works more than five (5) hours has a duty-free, unpaid lunch of at least
thirty (30) minutes. Every employee has a paid rest period of fifteen (15) minutes for each
four (4) hours worked. An employee who is required to stay with students during lunch is paid
for that time.

5.3 Overtime
Time worked beyond forty (40) hours in a week, or beyond the employee's scheduled hours on a
holiday, is paid at one and one-half times the regular rate. An employee may choose
compensatory time at the same rate instead, up to forty (40) hours banked.

5.4 Distribution of Overtime
Overtime is offered by seniority in turn among the qualified employees of the classification
at the worksite, starting each year at the top of the list. An employee who is skipped is
offered the next available overtime and paid for the hours missed.

5.5 Call-Back Pay
An employee called back to work after leaving is paid for at least two (2) hours.

5.6 Emergency Closures
When the District closes schools for weather or an emergency, employees are paid for their
scheduled hours. Employees who are required to work during a closure are also paid at the
overtime rate for the hours worked. A closure day is never charged to an employee's leave.

ARTICLE 6 – WAGES

6.1 Salary Schedule
Each classification is placed in one of five ranges, and each range has eight steps. Each step
is three and one-half percent (3.5%) above the step before. The hourly rates for 2024–2025,
from Step 1 to Step 8, are:
- Range 1 (food service assistant, bus attendant): $17.40 to $22.14
- Range 2 (paraeducator I, custodian, clerk): $18.60 to $23.66
- Range 3 (paraeducator II, food service lead, secretary, health assistant): $19.90 to $25.32
- Range 4 (bus driver, maintenance worker, campus security officer): $21.35 to $27.16
- Range 5 (mechanic, lead custodian, office manager): $23.20 to $29.52

Each employee's range, step and hourly rate are shown on every pay statement.

6.2 Step Advancement
An employee moves one step on July 1 of each year after working at least one hundred twenty
(120) days in the year before, until reaching Step 8.

6.3 General Wage Increases
All rates on the schedule rise by four percent (4%) on July 1, 2025 and by three and one-half
percent (3.5%) on July 1, 2026.

6.4 Longevity
An employee with ten (10) years of service is paid $900 a year above the schedule; with
fifteen (15) years, $1,300; with twenty (20) years, $1,800.

6.5 Differentials
An employee is paid $1.10 an hour more for hours worked between 6:00 p.m. and 6:00 a.m., and
$0.85 an hour more when the District assigns the employee to interpret or translate.

6.6 Work Out of Classification
An employee assigned the duties of a higher-paid classification for five (5) working days or
more in a row is paid at the higher range, at the step that gives at least a five percent (5%)
increase, from the first day of the assignment.

ARTICLE 7 – LEAVES

7.1 Sick Leave
Each employee earns one (1) day of paid sick leave for each month of the work year. Unused
sick leave accumulates without limit.

7.2 Use of Sick Leave
Sick leave may be used for the employee's own illness, injury or medical appointments, and to
care for a member of the immediate family. The District may ask for a doctor's note only after
five (5) working days of absence in a row.

7.3 Sick Leave Bank
Employees may give sick days to a bank that any employee who has used all of their own sick
leave for a serious illness may draw on. A committee of two members named by the Association
and two named by the District decides requests within five (5) working days.

7.4 Personal Leave
Each employee has three (3) days of paid personal leave a year and need not give a reason.
(a) The employee asks two (2) working days ahead, except in an emergency.
(b) Personal leave may not be taken on the first or last student day of the year unless the
supervisor agrees.
(c) Unused personal leave is added to the employee's sick leave at the end of the year.

7.5 Bereavement Leave
An employee is granted up to five (5) days of paid leave for the death of a member of the
immediate family, and up to two (2) days for the death of another relative or a close friend.
Two (2) more days are granted when the employee must travel more than three hundred (300)
miles. Bereavement leave is not charged to sick leave.

7.6 Jury Duty and Court Leave
An employee called for jury duty, or subpoenaed as a witness in a case the employee is not a
party to, is paid the regular rate and keeps any fee paid by the court.

7.7 Family and Medical Leave
Employees have the family and medical leave granted by state and federal law. During that
leave the District keeps paying its share of health insurance.

7.8 Parental Leave
An employee is granted up to twelve (12) weeks of leave for the birth, adoption or foster
placement of a child. The first ten (10) working days are paid and are not charged to sick
leave; the employee may use sick leave for the rest.

7.9 Military Leave
Employees have the military leave granted by state and federal law.

7.10 Unpaid Leave of Absence
An employee with two (2) years of service may be granted an unpaid leave of up to one (1) year.
The employee returns to the same position or, if it no longer exists, to a position in the
same classification.

ARTICLE 8 – PARAEDUCATOR TRAINING

8.1 Paid Training Time
All training the District requires is on paid time at the employee's regular rate, or at the
overtime rate when it falls outside the employee's scheduled hours.

8.2 Initial Training
Before working alone with students with disabilities, a paraeducator receives at least
twelve (12) hours of training on the students' plans, behavior support, safe lifting and
positioning, and confidentiality.

8.3 Annual Professional Development
Each paraeducator has at least eighteen (18) hours a year of professional development on paid
time, chosen with the supervisor from the state's paraeducator standards.

8.4 Tuition Reimbursement
The District repays up to $1,200 a year of tuition and fees for courses toward a paraeducator
certificate or a teaching degree, when the employee passes the course.

8.5 Training Committee
A joint committee of three (3) paraeducators named by the Association and three (3) managers
named by the District plans the training and meets at least four (4) times a year.

ARTICLE 9 – TRANSPORTATION

9.1 Route Bidding
Each August all regular routes are posted, with their hours, and drivers bid on them in order
of seniority. Bus attendants bid on their assignments the same way.

9.2 Vacant Routes
A route that becomes vacant during the year is posted for five (5) working days and awarded by
seniority among the drivers who bid. Until then it is covered by the extra board.

9.3 Extra Trips
Field trips, athletic trips and other extra trips are offered in turn, by seniority, from a
list of drivers who sign up. A driver who refuses a trip goes to the bottom of the list.

9.4 Guaranteed Time
A driver is paid for at least four (4) hours a day on a regular route, including fifteen (15)
minutes for the pre-trip inspection and fifteen (15) minutes to clean and fuel the bus.

9.5 Licenses and Examinations
The District pays for the renewal of the commercial driver's license and its endorsements,
the medical examination, and drug and alcohol tests, and the time they take is paid.

9.6 Student Behavior on the Bus
A driver may write up a student for behavior that endangers safety. The principal shall
answer the driver within two (2) working days saying what was done.

ARTICLE 10 – HEALTH AND SAFETY

10.1 Safe Working Conditions
The District shall provide safe working conditions, equipment and supplies, and shall fix
hazards reported by employees promptly.

10.2 Right to Refuse Unsafe Work
An employee who in good faith believes a task puts them in immediate danger may refuse it
until a supervisor has looked at the danger. No employee shall be disciplined for reporting a
hazard or refusing unsafe work in good faith.

10.3 Safety Committee
A joint safety committee, half of its members named by the Association, meets every month,
may inspect any worksite, and receives every injury report.

10.4 Assault
An employee hurt by an assault at work is paid in full for up to one (1) year without losing
sick leave, less any workers' compensation.

10.5 Protective Equipment and Training
The District provides gloves, eye protection and other protective equipment the work
requires, and training in safe lifting, handling chemicals and de-escalation.

10.6 Working Alone
No custodian is scheduled alone on a night shift at a campus of more than one building.

ARTICLE 11 – EVALUATION

11.1 Purpose
Evaluation is to help employees do their work well. Evaluations are done by the employee's
supervisor, openly, on the form agreed by the parties.

11.2 Frequency
Employees in their probationary year are evaluated twice. Other employees are evaluated every
two (2) years, or more often if a written improvement plan is in place.

11.3 Procedure
The supervisor meets with the employee within ten (10) working days of an observation, and
gives a copy of the written evaluation at the meeting. The employee signs it to show it was
received, which does not mean agreement.

11.4 Response
The employee may attach a written response to any evaluation or document in the personnel
file within twenty (20) working days.

11.5 Personnel File
An employee may see their personnel file and copy it. Nothing is placed in it without a copy
to the employee. A written warning is removed after two (2) years without a similar one.

11.6 Discipline and Representation
No employee is disciplined without just cause. An employee may have an Association
representative at any meeting that may lead to discipline.

ARTICLE 12 – GRIEVANCE PROCEDURE

12.1 Definitions
A "grievance" is a claim by an employee, a group of employees or the Association that the
District has violated, misread or misapplied this Agreement. The "grievant" is who files it.

12.2 Informal Resolution
The grievant, with an Association representative if they wish, should first try to settle the
problem by talking with the immediate supervisor.

12.3 Formal Steps
(a) Step One, the supervisor. The grievance is filed in writing with the immediate supervisor
within twenty (20) working days after the grievant knew or should have known of the event. It
states the facts, the sections violated and the remedy sought. The supervisor meets with the
grievant within five (5) working days and answers in writing within ten (10) working days of
the meeting.
(b) Step Two, Human Resources. If the grievance is not settled, the Association may appeal to
the Director of Human Resources within ten (10) working days of the Step One answer. The
Director meets with the grievant and the Association within ten (10) working days and answers
in writing within ten (10) working days of the meeting.
(c) Step Three, the Superintendent. If the grievance is still not settled, the Association may
appeal to the Superintendent within ten (10) working days of the Step Two answer. The
Superintendent answers in writing within fifteen (15) working days.

12.4 Arbitration
If the grievance is not settled at Step Three, the Association may submit it to arbitration
within thirty (30) working days of the answer. The arbitrator is chosen from a list of seven
from the state mediation service, each party striking a name in turn. The decision is final
and binding. The parties share the arbitrator's fees and costs equally.

12.5 Time Limits
All time limits are in working days and may be extended by written agreement. If the District
does not answer in time, the Association may take the grievance to the next step. If the
grievant does not appeal in time, the grievance is settled on the basis of the last answer.

12.6 Class and Association Grievances
A grievance that concerns more than one worksite, or the Association's own rights, may be
filed directly at Step Two.

12.7 No Reprisals
No one shall be retaliated against for filing a grievance, taking part in one, or serving as
a witness.

ARTICLE 13 – SENIORITY AND LAYOFF

13.1 Seniority
Seniority is continuous service in the bargaining unit from the first day of paid work. Ties
are broken by the last four digits of the employee identification number, the higher first.

13.2 Seniority Lists
The District posts the seniority list at every worksite and sends it to the Association by
November 1. An employee has twenty (20) working days to ask for a correction.

13.3 Order of Layoff
Layoffs are made within a classification, the least senior employee first. Temporary and
probationary employees in the classification are laid off before any regular employee.

13.4 Bumping
A regular employee who is laid off may take the position of the least senior employee in the
same or a lower-paid classification they held before or are qualified for.

13.5 Notice
The District gives an employee and the Association at least forty-five (45) calendar days'
written notice of a layoff.

13.6 Recall
Laid-off employees are recalled in order of seniority to openings in their classification for
twenty-four (24) months, and keep their seniority and sick leave when they return.

13.7 Vacancies and Transfers
Vacancies are posted for five (5) working days. Among qualified employees who apply, the most
senior is chosen.

ARTICLE 14 – DURATION

14.1 Term
This Agreement is in force from July 1, 2024 through June 30, 2027.

14.2 Reopener
Either party may reopen Article 6 and the District's share of health insurance premiums for
2026–2027 by written notice given between January 15 and February 15, 2026.

14.3 Successor Agreement
The parties shall begin bargaining a successor agreement no later than February 1, 2027. This
Agreement stays in force until a successor is ratified.

14.4 Savings
If a court or agency finds part of this Agreement unlawful, the rest stays in force and the
parties shall bargain a replacement for that part within thirty (30) days.
"""


def parties(local) -> dict[str, str]:
    """The association is the local; the district is named after the local's town."""
    name = local.name
    town = re.sub(r"\s*\b(Education(al)? Support Professionals|ESPs?|Support Staff)?\s*"
                  r"(Association|Union|Federation)?$", "", name).strip() or name
    return {"union": name, "district": f"{town} Unified School District"}


def contract_text(local) -> str:
    return TEXT.format(**parties(local))


def seed_contract(local) -> Contract:
    """The 2024–2027 agreement, imported by the system and put in force."""
    names = parties(local)
    contract = import_contract(
        local, name=NAME, text=contract_text(local), starts_on=STARTS_ON, ends_on=ENDS_ON,
        title=f"Agreement between the {names['district']} and the {names['union']}", by=None)
    return put_in_force(contract, by=None)
