/**
 * Function-preserving width and depth growth of models, shared by the growth plugins.
 */
package dev.graft.api.surgery;
