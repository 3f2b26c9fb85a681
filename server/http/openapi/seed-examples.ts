/**
 * The seeds' own examples (seed 000 chatbot API, 001 API channel, 002 threads, 003 bot API),
 * as the API reference shows them. The coverage test sends each request example to its
 * route: they are the contract, so they must be accepted as they are.
 */

export const settingsView = {
  id: 'uuid',
  account_id: 'uuid',
  chatbot_enabled: true,
  ai_enabled: true,
  ai_provider: 'openai',
  ai_model: 'gpt-4o-mini',
  ai_temperature: 0.7,
  ai_max_tokens: 500,
  system_prompt: 'You are a helpful customer service assistant...',
  greeting_message: 'Hello! Welcome to our support. How can I help you?',
  greeting_buttons: [{ title: 'Track Order' }, { title: 'Product Info' }, { title: 'Speak to Agent' }],
  fallback_message: "Sorry, I didn't understand that. Please try again.",
  fallback_buttons: [{ title: 'Main Menu' }, { title: 'Speak to Agent' }],
  transfer_keywords: ['agent', 'human', 'help'],
  business_hours_enabled: false,
};

export const settingsUpdate = {
  chatbot_enabled: true,
  ai_enabled: true,
  ai_provider: 'anthropic',
  ai_model: 'claude-3-5-sonnet-latest',
  ai_temperature: 0.7,
  system_prompt: 'You are a helpful assistant for our e-commerce store...',
  greeting_message: 'Welcome! How can I assist you today?',
  greeting_buttons: [{ title: 'My Orders' }, { title: 'Get Support' }],
  fallback_message: "I'm not sure I understand. Please choose an option:",
  fallback_buttons: [{ title: 'Main Menu' }],
};

export const keywordRuleView = {
  id: 'uuid',
  name: 'Greeting Response',
  keywords: ['hello', 'hi', 'hey'],
  match_type: 'contains',
  response_type: 'text',
  response: 'Hello! How can I help you today?',
  priority: 10,
  enabled: true,
};

export const keywordRuleCreate = {
  name: 'Business Hours',
  keywords: ['hours', 'open', 'when'],
  match_type: 'contains',
  response_type: 'text',
  response: "We're open Monday-Friday, 9 AM to 6 PM EST.",
  priority: 5,
  enabled: true,
};

export const aiContextView = {
  id: 'uuid',
  name: 'Product Catalog',
  trigger_keywords: ['product', 'price', 'buy'],
  context_type: 'static',
  content: 'Our products include...',
  priority: 10,
  enabled: true,
};

export const aiContextCreate = {
  name: 'Shipping Policy',
  trigger_keywords: ['shipping', 'delivery', 'track'],
  context_type: 'static',
  content: 'We offer free shipping on orders over $50. Standard delivery takes 3-5 business days...',
  priority: 5,
  enabled: true,
};

export const flowCreate = {
  name: 'Feedback Collection',
  trigger_keywords: ['feedback', 'review'],
  initial_message: "Hi! I'd like to collect your feedback.",
  completion_message: 'Thank you for your feedback!',
  enabled: true,
  panel_config: {
    sections: [
      {
        id: 'customer',
        label: 'Customer Info',
        columns: 1,
        collapsible: true,
        default_collapsed: false,
        order: 1,
        fields: [
          { key: 'rating', label: 'Rating', order: 1 },
          { key: 'comment', label: 'Comment', order: 2 },
        ],
      },
    ],
  },
  steps: [
    {
      step_name: 'rating',
      step_order: 1,
      message: 'How would you rate your experience?',
      message_type: 'buttons',
      input_type: 'select',
      buttons: [
        { id: 'excellent', title: 'Excellent' },
        { id: 'good', title: 'Good' },
        { id: 'poor', title: 'Poor' },
      ],
      store_as: 'rating',
    },
    { step_name: 'comment', step_order: 2, message: 'Any additional comments?', message_type: 'text', input_type: 'text', store_as: 'comment' },
    {
      step_name: 'transfer',
      step_order: 3,
      message: 'Connecting you with our team...',
      message_type: 'transfer',
      transfer_config: { team_id: 'uuid', notes: 'Rating: {{rating}}' },
    },
  ],
};

export const transfersList = {
  transfers: [
    {
      id: 'uuid',
      contact_id: 'uuid',
      contact_name: 'John Doe',
      phone_number: '1234567890',
      status: 'active',
      source: 'flow',
      agent_id: null,
      agent_name: null,
      team_id: 'uuid',
      team_name: 'Sales Team',
      notes: 'Interested in enterprise plan',
      transferred_at: '2024-01-01T12:00:00Z',
    },
  ],
  general_queue_count: 3,
  team_queue_counts: { 'team-uuid-1': 5, 'team-uuid-2': 2 },
};

export const transferCreate = { contact_id: 'uuid', team_id: 'uuid', notes: 'Customer requested human support' };

export const transferAssign = { agent_id: 'uuid' };

export const sessionView = {
  id: 'uuid',
  contact_id: 'uuid',
  current_flow_id: 'uuid',
  current_step: 'rating',
  variables: { name: 'John' },
  started_at: '2024-01-01T12:00:00Z',
  last_activity: '2024-01-01T12:05:00Z',
};

export const conversationStart = {
  channel: 'API',
  message: { data: { body: 'Hello' }, type: 'text' },
  variables: {
    system: { timezone: 'Asia/Calcutta', referrerUrl: 'https://chataibot.io', browserLanguage: 'en-GB' },
    contact: { name: 'User Name', email: 'example@domain.com', phone: '1234567890' },
    conversation: { variable: 'value' },
  },
  bot_key: '<bot_key>',
  from: { user_external_id: '<visitor_id>', type: 'VISITOR' },
};

export const conversationStarted = {
  ok: true,
  conversation: { id: '<conversation_id>', created_at: '2025-02-10 20:21:03.913000', assignee: { id: '<bot_user_id>', to: '<bot_user_email>' } },
  contact: { name: 'User Name', email: 'example@domain.com', phone: '9999999999', visitor_key: '<visitor_id>_<account_id>' },
};

export const visitorMessage = { message: { data: { body: 'Hello' }, type: 'text' }, user: { type: 'VISITOR' } };

export const visitorMessageSent = { ok: true, message_id: '6HRBshHEcV8P103039226478taGDJQxC' };

export const threadCreated = {
  success: true,
  message: 'Created the chatbot thread successfully',
  data: {
    thread: {
      threadId: 'd2cd2d88-bac1-48de-a7b4-19797451f47g',
      mode: 'AI',
      messages: [],
      startedAt: '2024-05-07T06:26:01.674375Z',
      updatedAt: '2024-05-07T06:26:01.674375Z',
      chatUserId: null,
      chatbotId: '361628903185318481',
      chatUser: null,
    },
  },
};

/** 003's events as a bot sends them to the bot API URL: a message and a hand-over, one cid. */
export const botEvents = [
  { info: { cid: '<cid>' }, packet: { name: 'message', payload: { body: "I don't understand this, I will redirect you to support." } } },
  { info: { cid: '<cid>' }, packet: { name: 'forward_any', payload: {} } },
];
