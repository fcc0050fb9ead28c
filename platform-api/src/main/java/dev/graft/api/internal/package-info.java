/** Helpers shared by the API's packages; not exported, not API. */
package dev.graft.api.internal;
