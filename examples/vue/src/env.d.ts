// Types the three tags in templates for vue-tsc: attributes and @event handlers.
import type {} from 'account-secret-elements/vue';
