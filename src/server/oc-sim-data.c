// SPDX-License-Identifier: GPL-3.0-or-later
#define G_LOG_DOMAIN "oc-simulator"

#include "config.h"

#include "oc-sim-data.h"

#define N(array) (G_N_ELEMENTS (array))

const char * const oc_sim_customer_names[] = {
  "Zoë Ødegård",
  "أمينة الحسن",
  "李小龙",
  "Дмитрий Иванов",
  "שרה כהן",
  "José Núñez",
  "Tom Jerrard",
  "Σωκράτης Παπαδόπουλος",
  "山田 太郎",
  "Nguyễn Văn An",
  "प्रिया शर्मा",
  "Kwame Mensah",
  "Ólafur Arnalds",
  "Amelia Clarke",
  "محمد بن راشد",
  "Søren Kierkegård",
  "김민준",
  "Анна Петрова",
  "Jean-Luc Picard",
  "Siobhan O'Brien",
  "Fatma Yılmaz",
  "Łukasz Żółć",
  "ياسمين 🌸",
  "Ngozi Okafor",
  "María José García-López",
  "Ἀριστοτέλης",
  "ทักษิณ ชินวัตร",
  "Aroha Ngata",
  "Robin Tables",
  "Ιωάννα 🎉",
};
const guint oc_sim_n_customer_names = N (oc_sim_customer_names);

const char * const oc_sim_agent_names[] = {
  "Amina Haddad",
  "أحمد منصور",
  "Björn Lindqvist",
  "陈静",
  "Olga Smirnova",
  "Diego Fernández",
  "נועה לוי",
  "Priya Nair",
  "Kenji Watanabe",
  "Chloé Martin",
  "Ayşe Demir",
  "Mateus Silva",
  "Grace Adeyemi",
  "Hannah Müller",
  "Ravi Patel",
  "Elena Rossi",
  "Jonas Weber",
  "Sun-hee Park",
  "Liam O'Connor",
  "Fatima Zahra",
  "Mikko Virtanen",
  "Thandiwe Dube",
  "Lucía Romero",
  "Arjun Mehta",
  "Ingrid Berg",
  "Yusuf Aydın",
  "Camille Laurent",
  "Dara Ó Briain",
  "Mei Lin 🌟",
  "Pavel Novák",
};
const guint oc_sim_n_agent_names = N (oc_sim_agent_names);

/* Beyond the names above, agents are a given name and a family name. */
const char * const oc_sim_given_names[] = {
  "Aisha", "Ben", "Carmen", "Dev", "Emma", "Farid", "Giulia", "Hiro", "Ines", "Jamal",
  "Katarzyna", "Leon", "Maya", "Nikolai", "Oluwaseun", "Paula", "Quentin", "Rania",
  "Samuel", "Tanvi", "Ugo", "Valentina", "Wei", "Ximena", "Yara", "Zeynep", "Noah",
  "Sofia", "Mateo", "Leila", "Anders",
};
const guint oc_sim_n_given_names = N (oc_sim_given_names);

const char * const oc_sim_family_names[] = {
  "Andersson", "Bakker", "Castro", "Dubois", "Eriksen", "Fischer", "García", "Hassan",
  "Ivanova", "Jensen", "Kowalski", "Lopez", "Moreau", "Nakamura", "Okoye", "Popescu",
  "Quinn", "Rahman", "Schmidt", "Tanaka", "Usman", "Varga", "Wagner", "Yamamoto",
  "Zhang", "Costa", "Novak", "Singh", "Horvat",
};
const guint oc_sim_n_family_names = N (oc_sim_family_names);

const char * const oc_sim_subjects[] = {
  "Refund for order #5521",
  "Can't log in 🔒",
  "Order arrived damaged",
  "Invoice & receipt",
  "Где мой заказ?",
  "لم يصل طلبي بعد",
  "配送について",
  "Upgrade plan ⭐⭐",
  "Password reset",
  "Billing question: \"double charge\"",
  "Question about my contract",
  "Cancel subscription",
  "Wrong size – exchange?",
  "החשבונית שלי שגויה",
  "Delivery late 🚚",
  "Account locked after 3 attempts",
  "Change address",
  "Προβλήματα σύνδεσης",
  "Warranty claim",
  "App crashes on start",
  "Promo code not working 🎟️",
  "Update card details",
};
const guint oc_sim_n_subjects = N (oc_sim_subjects);

const char * const oc_sim_customer_lines[] = {
  "Hi, I was charged twice again and nobody answers.",
  "Hello? Is anyone there?",
  "My order number is #5521.",
  "Спасибо за помощь!",
  "شكراً جزيلاً، هذا مفيد",
  "ありがとうございます 🙏",
  "This is the third time I'm writing about this 😡",
  "Can you check my account, please?",
  "I tried that already and it didn't work.",
  "OK, one moment.",
  "זה עדיין לא עובד",
  "Great, that fixed it! 🎉",
  "Why does it say error 42?",
  "I'd like to speak to a manager.",
  "Is there a discount for the delay?",
  "Perfect, thanks!",
  "Mi pedido llegó roto 📦",
  "I can't see the button you mean.",
  "Could you send it by email?",
  "Still waiting…",
};
const guint oc_sim_n_customer_lines = N (oc_sim_customer_lines);

const char * const oc_sim_agent_lines[] = {
  "Let me check.",
  "Thanks for waiting, I'm looking into it now.",
  "I can see the double charge; I've started a refund.",
  "Could you confirm the email on the account?",
  "I've reset it; please try again.",
  "I'm sorry about the trouble 🙏",
  "You should get a confirmation within 5 minutes.",
  "Is there anything else I can help with?",
  "Bitte einen Moment Geduld.",
  "Un instant, je vérifie.",
  "I'll escalate this to our billing team.",
  "Please don't share your password here.",
  "The tracking number is 1Z999AA10123456784.",
  "سأقوم بالتحقق من ذلك الآن",
  "Done! ✅",
};
const guint oc_sim_n_agent_lines = N (oc_sim_agent_lines);

const char * const oc_sim_bot_lines[] = {
  "Hi! 👋 I'm the virtual assistant. An agent will be with you shortly.",
  "While you wait: you can find answers at https://example.com/help?a=1&b=2",
  "Thanks for waiting. You are in the queue.",
};
const guint oc_sim_n_bot_lines = N (oc_sim_bot_lines);

const char * const oc_sim_skills[] = {
  "billing", "technical", "sales", "spanish", "arabic", "russian", "japanese", "vip",
};
const guint oc_sim_n_skills = N (oc_sim_skills);

const char * const oc_sim_presence_texts[] = {
  "Lunch 🥪", "Training", "In a meeting", "Break", "Coaching",
};
const guint oc_sim_n_presence_texts = N (oc_sim_presence_texts);

/* Only with hostile text on (oc-server --hostile-text, the tests): markup,
 * entities and injections where names, subjects and lines go, so a client
 * is seen to show them literally. The demo floor stays a realistic one. */
const char * const oc_sim_hostile_texts[] = {
  "<script>alert(1)</script>",
  "José <b>Núñez</b>",
  "Tom &amp; Jerry",
  "O'Brien <i>&</i> Sons",
  "Mx. Robin Tables'); DROP TABLE--",
  "Jonas <Admin>",
  "Camille & Co",
  "&lt;b&gt;not bold&lt;/b&gt;",
  "Warranty claim <urgent>",
  "Hi, I was charged twice <b>again</b> & nobody answers.",
  "I tried that already &amp; it didn't work.",
  "Why does it say <error code=42/>?",
  "Please don't share your password here <3",
  "Coaching <1:1>",
  "😀 Happy Customer",
  "%s%s%n %x",
  "\u202eevil.exe\u202c",
  "Line one\nLine two",
};
const guint oc_sim_n_hostile_texts = N (oc_sim_hostile_texts);
